import { Injectable } from '@nestjs/common';
import { Liquid, LiquidError, Tag, type FS, type Template, type TagToken, type TopLevelToken } from 'liquidjs';
import { DomainError } from '../common/errors/domain-error.js';
import { isMergeFieldName, type MergeValues } from './merge-fields.js';
import { MessagingErrorCode } from './messaging.errors.js';

/** `html` escapes every value it prints (an email body); `text` prints values as they are (an SMS, a subject). */
export type OutputMode = 'html' | 'text';

/** One part of a message to check or render; `field` names it in errors (`body`, `subject`). */
export interface TemplateSource {
  field: string;
  source: string;
  mode: OutputMode;
}

const LIMITS = {
  /** Characters parsed per parse() call. */
  parseLimit: 1e5,
  /** Milliseconds per render() call: stops loop bombs. */
  renderLimit: 1000,
  /** Allocations (ranges, joins, appends) per render() call. */
  memoryLimit: 1e7,
};
/** Longest text a render may produce; a reminder is never this long. */
const MAX_OUTPUT_CHARS = 200_000;

const refuse = (): never => {
  throw new Error('message templates cannot read files');
};

/** Templates never touch the file system: every lookup fails. */
const NO_FILES: FS = {
  exists: async () => false,
  existsSync: () => false,
  readFile: async () => refuse(),
  readFileSync: refuse,
  resolve: (_dir, file) => file,
  contains: async () => false,
  containsSync: () => false,
};

function refusedTag(name: string) {
  return class RefusedTag extends Tag {
    constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid) {
      super(token, remainTokens, liquid);
      throw new Error(`the ${name} tag is not available in message templates`);
    }

    *render(): Generator<unknown, void, unknown> {
      // Never reached: the constructor refuses the tag while parsing.
    }
  };
}

function createLiquid(mode: OutputMode): Liquid {
  const liquid = new Liquid({
    strictVariables: true,
    strictFilters: true,
    ownPropertyOnly: true,
    jsTruthy: false,
    relativeReference: false,
    dynamicPartials: false,
    root: [],
    fs: NO_FILES,
    outputEscape: mode === 'html' ? 'escape' : undefined,
    ...LIMITS,
  });
  for (const name of ['include', 'render', 'layout']) liquid.registerTag(name, refusedTag(name));
  // `| raw` would switch escaping off; in an email body every value stays escaped.
  if (mode === 'html') liquid.registerFilter('raw', (value: unknown) => value);
  return liquid;
}

/** liquidjs appends ", line:2, col:3" to its messages; we report the position as fields instead. */
function describe(error: unknown): string {
  const inner = error instanceof LiquidError ? (error.originalError ?? error) : error;
  const message = inner instanceof Error ? inner.message : String(inner);
  return message.replace(/, line:\d+, col:\d+$/, '').slice(0, 300);
}

function positionOf(error: unknown): { line: number; column: number } {
  const position = error instanceof LiquidError ? error.token?.getPosition() : undefined;
  return { line: position?.[0] ?? 1, column: position?.[1] ?? 1 };
}

const keyOf = (part: TemplateSource): string => `${part.mode}\u0000${part.source}`;

/**
 * Liquid, locked down for templates staff write and workers render unattended: only merge fields,
 * no file access, no prototype walking, and bounded time and memory.
 */
@Injectable()
export class TemplateEngine {
  private readonly engines: Record<OutputMode, Liquid> = { html: createLiquid('html'), text: createLiquid('text') };
  /** Parsed and checked templates by mode and source: a worker renders the same few templates thousands of times. */
  private readonly checked = new Map<string, Template[]>();

  /** Throws template_syntax_error for the first part that does not parse, else unknown_merge_field naming every stranger. */
  validate(parts: TemplateSource[]): void {
    const unknown = new Set<string>();
    for (const part of parts) {
      for (const name of this.unknownFields(part, this.parse(part))) unknown.add(name);
    }
    if (unknown.size > 0) {
      const fields = [...unknown];
      throw new DomainError(
        MessagingErrorCode.UNKNOWN_MERGE_FIELD,
        `${fields.join(', ')} ${fields.length === 1 ? 'is not a merge field' : 'are not merge fields'}. See GET /api/v1/messaging/merge-fields for the list.`,
        { fields },
      );
    }
  }

  /**
   * Checks the part as validate() does, then renders it; a render that fails or runs away is
   * template_render_failed. Rendered synchronously: merge fields are plain values and no tag or
   * filter we allow waits on anything, and liquid's promise-driven render costs twice the time.
   */
  render(part: TemplateSource, values: MergeValues): string {
    const template = this.checkedTemplate(part);
    let output: unknown;
    try {
      output = this.engines[part.mode].renderSync(template, { ...values });
    } catch (error) {
      if (!(error instanceof LiquidError)) throw error;
      throw new DomainError(
        MessagingErrorCode.TEMPLATE_RENDER_FAILED,
        `The ${part.field} could not be rendered: ${describe(error)}.`,
        { field: part.field, ...positionOf(error) },
      );
    }
    const text = String(output ?? '');
    if (text.length > MAX_OUTPUT_CHARS) {
      throw new DomainError(MessagingErrorCode.TEMPLATE_RENDER_FAILED, `The ${part.field} renders to more than ${MAX_OUTPUT_CHARS} characters.`, { field: part.field, line: 1, column: 1 });
    }
    return text;
  }

  /** Checks every part not seen before, together (so one error names every unknown field), and remembers them. */
  prepare(parts: TemplateSource[]): void {
    const unseen = parts.filter((part) => !this.checked.has(keyOf(part)));
    if (unseen.length === 0) return;
    this.validate(unseen);
    if (this.checked.size + unseen.length > 1_000) this.checked.clear();
    for (const part of unseen) this.checked.set(keyOf(part), this.parse(part));
  }

  private checkedTemplate(part: TemplateSource): Template[] {
    this.prepare([part]);
    return this.checked.get(keyOf(part)) as Template[];
  }

  private parse(part: TemplateSource): Template[] {
    try {
      return this.engines[part.mode].parse(part.source);
    } catch (error) {
      const position = positionOf(error);
      throw new DomainError(
        MessagingErrorCode.TEMPLATE_SYNTAX_ERROR,
        `The ${part.field} has a syntax error at line ${position.line}, column ${position.column}: ${describe(error)}.`,
        { field: part.field, ...position },
      );
    }
  }

  /** Names read from the render scope that are not merge fields; a property path (`video_link.size`) counts as unknown. */
  private unknownFields(part: TemplateSource, template: Template[]): string[] {
    const { globals } = this.engines[part.mode].analyzeSync(template, { partials: false });
    return Object.values(globals)
      .flat()
      .filter((variable) => {
        const [root, ...path] = variable.segments;
        return path.length > 0 || typeof root !== 'string' || !isMergeFieldName(root);
      })
      .map((variable) => variable.toString());
  }
}
