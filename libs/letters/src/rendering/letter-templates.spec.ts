import Handlebars from 'handlebars';
import { LetterTemplateError } from '../errors';
import { DEFAULT_LETTER_TEMPLATES, LetterTemplateSet, LetterTemplates } from './letter-templates';

function withFirm(body: string, subject = DEFAULT_LETTER_TEMPLATES.firm.subject): LetterTemplateSet {
  return { ...DEFAULT_LETTER_TEMPLATES, firm: { subject, body } };
}

function loadError(sources: LetterTemplateSet): LetterTemplateError {
  try {
    new LetterTemplates(sources);
  } catch (error) {
    if (error instanceof LetterTemplateError) return error;
    throw error;
  }
  throw new Error('the templates loaded');
}

describe('loading letter templates', () => {
  it('given the shipped templates, when loaded, then every tone compiles and renders its samples', () => {
    expect(() => new LetterTemplates()).not.toThrow();
  });

  it('given a template with a syntax error, when loaded, then it fails naming the template', () => {
    const error = loadError(withFirm('Dear {{> addressee}},\n{{#if next.reminder}}unclosed\n'));
    expect(error.code).toBe('invalid-template');
    expect(error.template).toBe('firm body');
    expect(error.message).toMatch(/^Letter template "firm body" is invalid: Parse error/);
  });

  it('given a template that uses an unknown helper, when loaded, then it fails at load time, not at the first letter', () => {
    const error = loadError(withFirm('Total: {{formatMoney totals}}\n'));
    expect(error.template).toBe('firm body');
    expect(error.message).toContain('unknown helper formatMoney');
  });

  it('given a template that names a field the view does not have, when loaded, then it fails', () => {
    const error = loadError(withFirm('Dear {{customerName}},\n'));
    expect(error.template).toBe('firm');
    expect(error.message).toMatch(/sample letter does not render: "customerName" not defined/);
  });

  it('given a misspelt field inside a branch only some letters take, when loaded, then it still fails', () => {
    const error = loadError(withFirm('Dear {{> addressee}},\n{{#if next.finalNotice}}Final notice on {{next.finalNotice.date}}{{/if}}\n'));
    expect(error.message).toMatch(/"date" not defined/);
  });

  it('given a template that uses a partial that does not exist, when loaded, then it fails', () => {
    expect(loadError(withFirm('{{> footer}}\n')).message).toMatch(/partial footer could not be found/);
  });

  it('given an empty subject, when loaded, then it fails', () => {
    expect(loadError(withFirm(DEFAULT_LETTER_TEMPLATES.firm.body, '  ')).template).toBe('firm subject');
  });

  it('given the templates are loaded, when the global Handlebars is used, then it has none of their helpers or partials', () => {
    new LetterTemplates();
    expect(Handlebars.helpers).not.toHaveProperty('plural');
    expect(Handlebars.partials).not.toHaveProperty('letterhead');
  });
});
