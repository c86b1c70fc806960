/** A letter template as Handlebars source: a one-line subject and a plain-text body. */
export interface LetterTemplateSource {
  subject: string;
  body: string;
}
