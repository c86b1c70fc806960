/** A JSON document typed by a person: its value, or where and why it does not parse. */
export type ParsedJson = { value: unknown } | { line: number; column: number; message: string };

/**
 * Parses the text in the browser, so a typing mistake is reported with its line before any
 * request is sent. The engine's message gives a character position; the line is counted from it.
 */
export function parseJsonText(text: string): ParsedJson {
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const lineAndColumn = /line (\d+) column (\d+)/.exec(message);
    if (lineAndColumn) return { line: Number(lineAndColumn[1]), column: Number(lineAndColumn[2]), message };
    const position = /position (\d+)/.exec(message);
    // Without a position the text ended too early: the mistake is at its end.
    const offset = position ? Number(position[1]) : text.length;
    const before = text.slice(0, offset).split('\n');
    return { line: before.length, column: before[before.length - 1].length + 1, message };
  }
}
