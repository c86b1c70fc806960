import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { KeyObject } from 'node:crypto';
import { Controller, Get, Inject, Param, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Actor, readCustomerHistory } from '@collections/accounts';
import { AppConfig } from '@collections/config';
import { Clock, streamIdOf } from '@collections/domain';
import { EVENT_STORE, EventStore } from '@collections/event-store';
import { ANCHOR_PUBLIC_KEY_FILE, AnchorSearch, latestAnchorCovering, publicKeyFrom } from '@collections/evidence';
import { LETTER_OUTBOX, LetterOutbox } from '@collections/letters';
import { CLOCK } from '@collections/platform';
import { CurrentActor, RequirePermission } from '../auth/auth.decorators';
import { CustomerPath } from '../accounts/requests';
import { NotFoundError } from '../problems/problem-details';
import { ProblemResponses } from '../problems/problem-responses';
import { APP_CONFIG } from '../read-models/read-side';
import { buildEvidencePack } from './evidence-pack';

/**
 * The evidence pack of one customer, for an agency referral or a court: a ZIP of the recorded
 * history, the account as of each referral, legal action and write-off, the letters as sent, the
 * chain's verification and the latest anchor covering the stream, with a manifest of SHA-256
 * hashes (docs/operations.md#the-evidence-pack). Built in memory: one customer's history and
 * letters, the size of the history export and a little more.
 */
@ApiTags('Audit')
@ApiBearerAuth()
@ProblemResponses(400, 401, 403, 404)
@Controller('customers/:customerId')
export class EvidencePackController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LETTER_OUTBOX) private readonly outbox: LetterOutbox,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Everything recorded of the customer, packed for a collection agency or a court, with the hashes to check it by. */
  @Get('evidence-pack')
  @RequirePermission('ReadEvidencePack')
  @ApiOperation({
    summary: "The customer's evidence pack (ZIP)",
    description:
      'manifest.json (what it covers, every file’s size and SHA-256), README.txt, history.jsonl, state/<date>-<step>.json for each ' +
      'agency referral, legal action and write-off, letters/<letterId>.eml, verification.json, and anchor.json with ' +
      'anchor-check.json when an anchor in ANCHOR_DIR covers the stream',
  })
  @ApiProduces('application/zip')
  @ApiOkResponse({
    description: 'The evidence pack as a ZIP archive',
    headers: {
      'Content-Disposition': {
        description: 'attachment; filename="evidence-pack-<customerId>-<YYYY-MM-DD>.zip"',
        schema: { type: 'string' },
      },
    },
    content: { 'application/zip': { schema: { type: 'string', format: 'binary' } } },
  })
  async evidencePack(@Param() { customerId }: CustomerPath, @CurrentActor() actor: Actor): Promise<StreamableFile> {
    const stream = await readCustomerHistory(this.store, customerId);
    if (stream.recorded.length === 0) throw new NotFoundError(`There is no collection account for customer ${customerId}`);
    const [letters, anchors, anchorPublicKey] = await Promise.all([
      this.outbox.lettersOf(customerId),
      this.anchorsCovering(streamIdOf(customerId)),
      this.anchorPublicKey(),
    ]);
    const { zip } = await buildEvidencePack({
      customerId,
      stream,
      letters,
      sender: this.config.policyEngine.letters.sender,
      anchors,
      anchorPublicKey,
      generatedAt: this.clock.now(),
      generatedBy: { id: actor.id, role: actor.role },
    });
    return new StreamableFile(zip, {
      type: 'application/zip',
      disposition: `attachment; filename="evidence-pack-${customerId}-${this.clock.today()}.zip"`,
      length: zip.length,
    });
  }

  private anchorsCovering(streamId: string): Promise<AnchorSearch | string> {
    const { dir } = this.config.anchors;
    return dir === undefined ? Promise.resolve('no anchor directory is configured (ANCHOR_DIR)') : latestAnchorCovering(dir, streamId);
  }

  /** DATA_DIR's copy of the anchors' public key, as `verify --anchor` uses by default; none where no anchor was signed here. */
  private async anchorPublicKey(): Promise<KeyObject | undefined> {
    try {
      return publicKeyFrom(await readFile(join(this.config.dataDir, ANCHOR_PUBLIC_KEY_FILE), 'utf8'));
    } catch {
      return undefined;
    }
  }
}
