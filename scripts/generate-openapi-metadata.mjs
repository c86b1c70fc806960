// Generates apps/api/src/metadata.ts: the OpenAPI description of every request class (from
// its types, class-validator rules and doc comments) and every response class (from its types
// and doc comments), read by @nestjs/swagger at start-up. Files named *requests.ts and
// *responses.ts hold them.
// Generated rather than compiled in by a tsc plugin, so tests (SWC) and builds share it.
import { PluginMetadataGenerator } from '@nestjs/cli/lib/compiler/plugins/plugin-metadata-generator.js';
import { ReadonlyVisitor } from '@nestjs/swagger/plugin';

new PluginMetadataGenerator().generate({
  visitors: [
    new ReadonlyVisitor({
      introspectComments: true,
      classValidatorShim: true,
      dtoFileNameSuffix: ['requests.ts', 'responses.ts'],
      pathToSource: new URL('../apps/api/src', import.meta.url).pathname,
    }),
  ],
  outputDir: new URL('../apps/api/src', import.meta.url).pathname,
  filename: 'metadata.ts',
  tsconfigPath: 'scripts/tsconfig.openapi.json',
  printDiagnostics: false,
});
