/** STUB (replaced by the experiments work): `rnn-workbook reproduce | forecast | sentiment | job`. */
export async function reproduceCommand(_argv: string[]): Promise<number> {
  throw new Error("reproduce is not implemented yet");
}
export async function forecastCommand(_argv: string[]): Promise<number> {
  throw new Error("forecast is not implemented yet");
}
export async function sentimentCommand(_argv: string[]): Promise<number> {
  throw new Error("sentiment is not implemented yet");
}
