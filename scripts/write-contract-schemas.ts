// npm run contracts:schemas — writes every current published JSON Schema to
// libs/contracts/schemas/, where a test checks they match the code.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { schemaFileContent, schemaFiles } from '../libs/contracts/src/schema-files';

const directory = join(__dirname, '../libs/contracts/schemas');
for (const { fileName, schema } of schemaFiles()) writeFileSync(join(directory, fileName), schemaFileContent(schema));
process.stdout.write(`wrote ${schemaFiles().length} schemas to ${directory}\n`);
