import Handlebars from 'handlebars';
import { CollectionEvent, FinalNoticeSent, ReminderSent, evolve, initialState } from '@collections/domain';
import { LetterRenderError, LetterTemplateError } from '../errors';
import { LETTER_TONES, LetterTone } from '../letter';
import { DisputeReminderView, sampleDisputeReminderViews } from './dispute-reminder';
import { LetterRequest, LetterView, buildLetterView } from './letter-view';
import { DISPUTE_REMINDER } from './templates/dispute-reminder';
import { FINAL } from './templates/final';
import { FIRM } from './templates/firm';
import { FRIENDLY } from './templates/friendly';
import { HTML_PARTIALS, LETTER_PARTIALS } from './templates/partials';
import { LetterTemplateSource } from './templates/template-source';

export type { LetterTemplateSource } from './templates/template-source';

/** One template per tone. */
export type LetterTemplateSet = Readonly<Record<LetterTone, LetterTemplateSource>>;

/**
 * The templates shipped with the library. They are TypeScript constants rather than .hbs files
 * so that the compiled app carries them without a build step copying assets.
 */
export const DEFAULT_LETTER_TEMPLATES: LetterTemplateSet = { friendly: FRIENDLY, firm: FIRM, final: FINAL };

function width(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new TypeError(`A column width must be a whole number, not ${String(value)}`);
  }
  return value;
}

/**
 * The helpers templates may use, and no others: plain-text layout only. Handlebars passes an
 * options object last, which these ignore.
 */
const HELPERS = {
  /** `{{plural count "day" "days"}}` */
  plural: (count: unknown, one: unknown, many: unknown): unknown => (count === 1 ? one : many),
  /** `{{padEnd invoiceId 14}}`: left-aligned in a column; a longer value is not cut. */
  padEnd: (value: unknown, columns: unknown): string => String(value).padEnd(width(columns)),
  /** `{{padStart amount 15}}`: right-aligned in a column. */
  padStart: (value: unknown, columns: unknown): string => String(value).padStart(width(columns)),
} satisfies Record<string, (...args: unknown[]) => unknown>;

const COMPILE_OPTIONS: CompileOptions = {
  // The text letter is plain text: no HTML escaping of "&" or "<" (the HTML one escapes).
  noEscape: true,
  // A field the view does not have is an error, not an empty string.
  strict: true,
  // A helper that is not registered is a compile error rather than a silent lookup.
  knownHelpers: Object.fromEntries(Object.keys(HELPERS).map((name) => [name, true])),
  knownHelpersOnly: true,
};

type Render<View = LetterView> = (view: View) => string;
interface Compiled<View> {
  subject: Render<View>;
  body: Render<View>;
  html: Render<View>;
}

export interface RenderedText {
  subject: string;
  text: string;
  /** The same letter as an HTML document, from the same view. */
  html: string;
}

/**
 * Compiled, checked templates. Compiling checks every template when the service starts, not
 * when the first letter goes out: syntax, unknown helpers (knownHelpersOnly), and — by
 * rendering sample letters in strict mode — unknown partials and fields the view lacks.
 */
export class LetterTemplates {
  private readonly compiled: ReadonlyMap<LetterTone, Compiled<LetterView>>;
  private readonly disputeReminder: Compiled<DisputeReminderView>;

  /** `disputeReminder`: the staff mail to a late dispute's owner, compiled and checked the same way. */
  constructor(sources: LetterTemplateSet = DEFAULT_LETTER_TEMPLATES, disputeReminder: LetterTemplateSource = DISPUTE_REMINDER) {
    // Private instances: the global Handlebars may carry other helpers and partials.
    const text = instance(LETTER_PARTIALS, COMPILE_OPTIONS);
    const html = instance({ ...LETTER_PARTIALS, ...HTML_PARTIALS }, HTML_COMPILE_OPTIONS);
    const compileSource = <View>(name: string, source: LetterTemplateSource): Compiled<View> => ({
      subject: compile<View>(text, `${name} subject`, source.subject),
      body: compile<View>(text, `${name} body`, source.body),
      html: compile<View>(html, `${name} body (HTML)`, source.body, HTML_COMPILE_OPTIONS),
    });
    this.compiled = new Map(LETTER_TONES.map((tone) => [tone, compileSource<LetterView>(tone, sources[tone])]));
    this.disputeReminder = compileSource<DisputeReminderView>('dispute reminder', disputeReminder);
    for (const tone of LETTER_TONES) {
      for (const view of sampleViews(tone)) this.checkSample(tone, () => this.render(view));
    }
    for (const view of sampleDisputeReminderViews()) this.checkSample('dispute reminder', () => this.renderDisputeReminder(view));
  }

  render(view: LetterView): RenderedText {
    const template = this.compiled.get(view.tone);
    if (!template) throw new LetterRenderError(`No template for the ${view.tone} tone`);
    return renderWith(template, view, `Letter ${view.letterId} (${view.tone})`);
  }

  renderDisputeReminder(view: DisputeReminderView): RenderedText {
    return renderWith(this.disputeReminder, view, `Dispute reminder ${view.letterId}`);
  }

  private checkSample(template: string, render: () => RenderedText): void {
    try {
      const { subject, text } = render();
      if (subject === '') throw new Error('the subject is empty');
      if (text.trim() === '') throw new Error('the body is empty');
    } catch (error) {
      const reason = error instanceof LetterRenderError && error.cause !== undefined ? error.cause : error;
      throw new LetterTemplateError(template, `a sample letter does not render: ${messageOf(reason)}`, { cause: error });
    }
  }
}

function renderWith<View>(template: Compiled<View>, view: View, what: string): RenderedText {
  try {
    // A subject is one line, whatever the template's line breaks.
    const subject = template.subject(view).replace(/\s+/g, ' ').trim();
    // Sections a letter leaves out (no contact, a courtesy's missing demand) leave one blank line, not several.
    const text = template.body(view).replace(/\n{3,}/g, '\n\n');
    return { subject, text, html: htmlDocument(subject, template.html(view)) };
  } catch (error) {
    throw new LetterRenderError(`${what} failed to render: ${messageOf(error)}`, { cause: error });
  }
}

type CompileOptions = NonNullable<Parameters<typeof Handlebars.compile>[1]>;

const HTML_COMPILE_OPTIONS: CompileOptions = { ...COMPILE_OPTIONS, noEscape: false };

function instance(partials: Readonly<Record<string, string>>, options: CompileOptions): typeof Handlebars {
  const handlebars = Handlebars.create();
  for (const [name, helper] of Object.entries(HELPERS)) handlebars.registerHelper(name, helper);
  for (const [name, source] of Object.entries(partials)) {
    handlebars.registerPartial(name, compile(handlebars, `partial ${name}`, source, options));
  }
  return handlebars;
}

/**
 * The HTML body from the template's output: each run of lines between blank lines is a
 * paragraph (its line breaks kept), a table stays a table. The values inside are escaped already.
 */
function htmlDocument(subject: string, body: string): string {
  const blocks: string[] = [];
  let paragraph: string[] = [];
  let table: string[] | undefined;
  const flush = () => {
    if (paragraph.length > 0) blocks.push(`<p>${paragraph.join('<br>\n')}</p>`);
    paragraph = [];
  };
  for (const line of body.split('\n')) {
    if (table !== undefined) {
      table.push(line);
      if (line.startsWith('</table>')) {
        blocks.push(table.join('\n'));
        table = undefined;
      }
    } else if (line.startsWith('<table')) {
      flush();
      table = [line];
    } else if (line.trim() === '') {
      flush();
    } else {
      paragraph.push(line.trim());
    }
  }
  flush();
  const title = Handlebars.escapeExpression(subject);
  return `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${title}</title></head>\n<body style="font-family:sans-serif">\n${blocks.join('\n')}\n</body></html>\n`;
}

function compile<View>(
  handlebars: typeof Handlebars,
  name: string,
  source: string,
  options: CompileOptions = COMPILE_OPTIONS,
): Render<View> {
  if (typeof source !== 'string' || source.trim() === '') {
    throw new LetterTemplateError(name, 'it is empty');
  }
  try {
    // Handlebars compiles lazily, on the first render; precompiling finds syntax errors and
    // unknown helpers now.
    handlebars.precompile(source, options);
  } catch (error) {
    throw new LetterTemplateError(name, messageOf(error), { cause: error });
  }
  return handlebars.compile<View>(source, options);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// Sample letters, one per branch the templates may take (with and without a recipient, each
// kind of next step, all overdue, some not yet due, none overdue), so that a field misspelt
// inside an {{#if}} is found too.
const SAMPLE_CUSTOMER = 'SAMPLE-1';
const SAMPLE_ACCOUNT = [
  {
    type: 'InvoiceRegistered',
    data: { invoiceId: 'S-1', amount: 125_000, currency: 'EUR', issuedOn: '2024-01-10', dueOn: '2024-02-09' },
  },
  {
    type: 'InvoiceRegistered',
    data: { invoiceId: 'S-2', amount: 50_000, currency: 'JPY', issuedOn: '2024-01-12', dueOn: '2024-02-11' },
  },
] satisfies CollectionEvent[];
/** All overdue (20 February), S-2 not yet due (10 February), nothing overdue (5 February). */
const SAMPLE_DATES = ['2024-02-20', '2024-02-10', '2024-02-05'] as const;
const sampleReminder = (sentOn: string): ReminderSent => ({
  type: 'ReminderSent',
  data: { reminderId: 'R', invoiceIds: ['S-1', 'S-2'], level: 1, channel: 'email', template: 'sample', sentOn },
});
const sampleNotice = (sentOn: string): FinalNoticeSent => ({
  type: 'FinalNoticeSent',
  data: { noticeId: 'N', invoiceIds: ['S-1', 'S-2'], channel: 'letter', sentOn, referralOn: '2024-03-29' },
});

function sampleViews(tone: LetterTone): LetterView[] {
  const settings = {
    creditor: { name: 'Sample Ltd', bankDetails: 'IBAN XX00 0000', paymentUrl: 'https://pay.example', contact: 'ar@example' },
    customerLinks: { publicUrl: 'https://collect.example', secret: 'a-sample-secret-that-signs-nothing-real', replyDomain: 'example' },
  };
  const bare = { creditor: { name: 'Sample Ltd' } };
  const recipient = { name: 'Sample Customer', email: 'c@example', postalAddress: ['1 Sample Street', 'Sampletown'] };
  const request = (event: ReminderSent | FinalNoticeSent, extra: Partial<LetterRequest>): LetterRequest => ({
    customerId: SAMPLE_CUSTOMER,
    account: [...SAMPLE_ACCOUNT, event].reduce(evolve, initialState()),
    event,
    ...extra,
  });
  return SAMPLE_DATES.flatMap((sentOn) => {
    // Any tone may write a reminder (the policy chooses); only the final tone writes a final notice.
    const reminder = sampleReminder(sentOn);
    const reminders = [
      buildLetterView(request(reminder, { tone, recipient, next: { step: 'reminder', level: 2, on: '2024-03-01' } }), settings),
      buildLetterView(request(reminder, { tone, next: { step: 'final_notice', on: '2024-03-01' } }), bare),
      buildLetterView(request(reminder, { tone, next: { step: 'final_notice' } }), settings),
      buildLetterView(request(reminder, { tone }), bare),
    ];
    if (tone !== 'final') return reminders;
    const notice = sampleNotice(sentOn);
    return [...reminders, buildLetterView(request(notice, { recipient }), settings), buildLetterView(request(notice, {}), bare)];
  });
}
