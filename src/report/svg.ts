/**
 * DOT to SVG in-process, with Graphviz compiled to WebAssembly (@viz-js/viz): no system packages.
 * Loading the module takes a few tens of milliseconds, so a renderer is created once (async) and
 * then renders synchronously; the CLI awaits `SvgRenderer.create()`. A DOT error is a bug of ours
 * and throws with Graphviz's messages.
 */
import { instance, type Viz } from '@viz-js/viz';

export class DotRenderError extends Error {
  constructor(readonly errors: readonly string[]) {
    super(`Graphviz could not render the diagram: ${errors.join('; ')}`);
  }
}

export interface SvgOptions {
  /** Prefix for the element ids Graphviz writes, so several SVGs can share one HTML page. */
  id?: string;
  /** Treat Graphviz warnings as errors too, but for estimated non-ASCII widths (tests: our DOT draws cleanly). */
  strict?: boolean;
}

/** Graphviz has no width table for non-ASCII text and estimates it; that is expected, not a fault. */
const NON_ASCII = /no value for width of non-ASCII character/;

export class SvgRenderer {
  private constructor(private readonly viz: Viz) {}

  static async create(): Promise<SvgRenderer> {
    return new SvgRenderer(await instance());
  }

  get graphvizVersion(): string {
    return this.viz.graphvizVersion;
  }

  /** A standalone SVG document, as Graphviz writes it. */
  render(dot: string, options: SvgOptions = {}): string {
    const result = this.viz.render(dot, { format: 'svg', ...(options.id === undefined ? {} : { graphAttributes: { id: options.id } }) });
    const errors = result.errors.filter((e) => e.level !== 'warning' || (options.strict === true && !NON_ASCII.test(e.message))).map((e) => `${e.level ?? 'error'}: ${e.message}`);
    if (result.status !== 'success' || errors.length > 0) throw new DotRenderError(errors.length > 0 ? errors : ['rendering failed']);
    return result.output;
  }

  /** The `<svg>` element alone, for inlining in HTML: no XML declaration, doctype or comments. */
  renderInline(dot: string, options: SvgOptions = {}): string {
    return inlineSvg(this.render(dot, options));
  }
}

export function inlineSvg(svg: string): string {
  return svg
    .slice(svg.indexOf('<svg'))
    .replace(/<!--[\s\S]*?-->\n?/g, '')
    .trim();
}
