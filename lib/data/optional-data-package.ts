/**
 * Data sets that live in optional npm packages (the @stdlib data sets of the text-generation and
 * sequence-to-sequence chapters). They are loaded on first use, never at import time, and a missing package
 * gives one line that says which package to install.
 */

/** `require(name)`, or an error naming the package and the command that installs it. */
export function requireDataPackage<T>(name: string, purpose: string): T {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(name) as T;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "MODULE_NOT_FOUND") {
      throw new Error(`${purpose} needs the npm package ${name}, which is not installed: run \`npm install ${name}@0.2.3\``);
    }
    throw error;
  }
}
