/** The API's LaTeX export is a file; the formula is its equation environment's body. */
export function formulaOf(latexFile: string | null): string | null {
  if (latexFile === null) return null;
  const m = /\\begin\{equation\*?\}([\s\S]*?)\\end\{equation\*?\}/.exec(latexFile);
  const body = (m === null ? latexFile : (m[1] as string)).trim();
  return body === '' ? null : body;
}
