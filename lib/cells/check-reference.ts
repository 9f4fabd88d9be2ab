/** STUB (replaced by the cells work): `rnn-workbook check-reference FILE [--tolerance T]`. */
export async function checkReferenceCommand(_argv: string[]): Promise<number> {
  throw new Error("check-reference is not implemented yet");
}
