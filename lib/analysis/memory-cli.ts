/** STUB (replaced by the memory-study work): `rnn-workbook memory ...`. */
export async function memoryCommand(_argv: string[]): Promise<number> {
  throw new Error("memory is not implemented yet");
}
