// A YAML file held as its concrete syntax tree, so that an edit changes only the tokens it
// means to and everything else (comments, order, quoting, spacing) is written back as read.
import { ConfigurationError } from '@digestflow/core';
import { Composer, CST, type Document, LineCounter, Parser } from 'yaml';

export class YamlFile {
  /** Path relative to the checkout, with '/' separators: what messages and outputs show. */
  readonly path: string;
  readonly original: string;
  readonly tokens: CST.Token[];
  /** The documents composed from `tokens`; every node's `srcToken` is the token to edit. */
  readonly documents: Document.Parsed[];
  private readonly lines: LineCounter;

  private constructor(
    path: string,
    original: string,
    tokens: CST.Token[],
    documents: Document.Parsed[],
    lines: LineCounter,
  ) {
    this.path = path;
    this.original = original;
    this.tokens = tokens;
    this.documents = documents;
    this.lines = lines;
  }

  /** Parses `text`; malformed YAML is a ConfigurationError naming the file and line. */
  static parse(path: string, text: string): YamlFile {
    const lines = new LineCounter();
    const tokens = [...new Parser(lines.addNewLine).parse(text)];
    const documents = [...new Composer({ keepSourceTokens: true }).compose(tokens)];
    for (const document of documents) {
      const error = document.errors[0];
      if (error !== undefined) {
        const { line, col } = lines.linePos(error.pos[0]);
        throw new ConfigurationError(
          `${path}:${line}:${col}: not valid YAML: ${error.message.split('\n')[0]}`,
          { input: 'path' },
        );
      }
    }
    return new YamlFile(path, text, tokens, documents, lines);
  }

  /** 1-based line of an offset in the original text. */
  line(offset: number): number {
    return this.lines.linePos(offset).line;
  }

  /** 0-based column of an offset in the original text. */
  column(offset: number): number {
    return this.lines.linePos(offset).col - 1;
  }

  /** The file as it reads now, edits included; added lines end as the file's lines do. */
  toString(): string {
    const text = this.tokens.map((token) => CST.stringify(token)).join('');
    const crlf = this.original.includes('\r\n') && !/(^|[^\r])\n/.test(this.original);
    return crlf ? text.replace(/\r?\n/g, '\r\n') : text;
  }
}
