/** An activation's formula typeset by KaTeX (bundled with its fonts), or its text when KaTeX cannot. */
import katex from 'katex';
import 'katex/dist/katex.min.css';
import { useMemo } from 'preact/hooks';
import { formulaOf } from '../lib/formula-of.ts';

export function Formula({ latex, text }: { readonly latex: string | null; readonly text: string }) {
  const html = useMemo(() => {
    const tex = formulaOf(latex);
    if (tex === null) return null;
    try {
      return katex.renderToString(tex, { displayMode: true, throwOnError: true, output: 'htmlAndMathml' });
    } catch {
      return null;
    }
  }, [latex]);
  if (html === null) return <pre class="formula-text">f(x) = {text}</pre>;
  return <div class="formula" data-testid="formula" dangerouslySetInnerHTML={{ __html: html }} />;
}
