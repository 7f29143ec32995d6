/** One analysed token. Offsets index the original text; filters keep them. */
export interface Token {
  term: string;
  start: number;
  end: number;
  position: number;
  type: string;
}

export type Tokenizer = (text: string) => Token[];
export type TokenFilter = (tokens: Token[]) => Token[];
