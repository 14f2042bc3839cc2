import { HttpStatus, Injectable } from '@nestjs/common';
import {
  Context,
  Liquid,
  LiquidError,
  Tag,
  toValueSync,
  type FS,
  type Template,
  type TagToken,
  type TopLevelToken,
} from 'liquidjs';
import { DomainError } from '../common/errors/domain-error.js';
import './liquid-positions.js';
import { isMergeFieldName, type MergeValues } from './merge-fields.js';
import { MessagingErrorCode } from './messaging.errors.js';
import { BoundedEmitter, OutputBudget, OutputLimitExceeded } from './render-output.js';

/**
 * `html` escapes every value it prints (an email body); `text` prints values as they are (a subject);
 * `sms` is `text` that stops at SMS_MAX_CHARS.
 */
export type OutputMode = 'html' | 'text' | 'sms';

/** One part of a message to check or render; `field` names it in errors (`body`, `subject`). */
export interface TemplateSource {
  field: string;
  source: string;
  mode: OutputMode;
}

const LIMITS = {
  /** Characters parsed per parse() call. */
  parseLimit: 1e5,
  /**
   * Milliseconds per render() call, checked before every node and loop iteration: stops loop bombs.
   * A reminder renders in well under 1 ms; a runaway is stopped after this plus one step, and one step
   * is bounded by memoryLimit (a sort or uniq of 150,000 items, ~12 ms, is the slowest found). Not
   * lower: a cold process (JIT not warm yet) takes up to ~20 ms for a loop an SMS may legitimately hold.
   */
  renderLimit: 40,
  /** Items and characters filters and ranges may allocate per render() call. */
  memoryLimit: 300_000,
};
/** Longest text a render may produce (an email body); a reminder is never this long. */
export const MAX_OUTPUT_CHARS = 200_000;
/** The most an SMS provider accepts, in UTF-16 code units. */
export const SMS_MAX_CHARS = 1_600;
/** Everything one render may write, captures included, which liquid's memory limit does not count. */
const MAX_WRITTEN_CHARS = 2 * MAX_OUTPUT_CHARS;
/** The render's output budget, found by the captures of the same render. */
const budgets = new WeakMap<Context, OutputBudget>();

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

function createLiquid(mode: 'html' | 'text'): Liquid {
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
  // Captures render into an emitter of their own: bound it by the render's budget like the output.
  const { renderer } = liquid;
  const renderTemplates = renderer.renderTemplates.bind(renderer);
  renderer.renderTemplates = (templates, ctx, emitter) => {
    let budget = budgets.get(ctx);
    if (!budget) budgets.set(ctx, (budget = new OutputBudget(MAX_WRITTEN_CHARS)));
    return renderTemplates(templates, ctx, emitter ?? new BoundedEmitter(budget));
  };
  return liquid;
}

/** liquid's messages for a render stopped by its time or memory limit. */
const RUNAWAY = /^(template render|memory alloc) limit exceeded/;

/** Tries of one render whose clock ran out while the process hardly ran (descheduled on a busy machine, not a costly template). */
const RENDER_ATTEMPTS = 3;

/**
 * Liquid's render limit reads the wall clock, so a process the OS set aside for 40 ms (a loaded machine)
 * stops a reminder that costs well under 1 ms. A runaway burns CPU for the whole limit; a stall does not:
 * less than half of it in CPU time means the clock ran out while the render was waiting, so try again.
 */
function stalledNotCostly(error: unknown, cpu: NodeJS.CpuUsage): boolean {
  const cause: unknown = error instanceof LiquidError ? (error.originalError ?? error) : error;
  if (!(cause instanceof Error) || !cause.message.startsWith('template render limit exceeded')) return false;
  return (cpu.user + cpu.system) / 1000 < LIMITS.renderLimit / 2;
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

const liquidMode = (mode: OutputMode): 'html' | 'text' => (mode === 'html' ? 'html' : 'text');
const keyOf = (part: TemplateSource): string => `${liquidMode(part.mode)}\u0000${part.source}`;

/**
 * Liquid, locked down for templates staff write and workers render unattended: only merge fields,
 * no file access, no prototype walking, and bounded time and memory.
 */
@Injectable()
export class TemplateEngine {
  private readonly engines: Record<'html' | 'text', Liquid> = {
    html: createLiquid('html'),
    text: createLiquid('text'),
  };
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
   * Checks the part as validate() does, then renders it. A render that runs away (time, memory, or
   * more output than MAX_OUTPUT_CHARS) is template_too_costly, an SMS that passes SMS_MAX_CHARS is
   * sms_too_long, both stopped as they pass; any other failure is template_render_failed. Rendered
   * synchronously: merge fields are plain values and no tag or filter we allow waits on anything,
   * and liquid's promise-driven render costs twice the time.
   */
  render(part: TemplateSource, values: MergeValues): string {
    const template = this.checkedTemplate(part);
    for (let attempt = 1; ; attempt++) {
      const cpuAtStart = process.cpuUsage();
      try {
        return this.renderOnce(part, template, values);
      } catch (error) {
        if (attempt < RENDER_ATTEMPTS && stalledNotCostly(error, process.cpuUsage(cpuAtStart))) continue;
        throw renderFailure(part, error);
      }
    }
  }

  private renderOnce(part: TemplateSource, template: Template[], values: MergeValues): string {
    const liquid = this.engines[liquidMode(part.mode)];
    const ctx = new Context({ ...values }, liquid.options, { sync: true }, { liquid });
    const budget = new OutputBudget(MAX_WRITTEN_CHARS);
    budgets.set(ctx, budget);
    const output = new BoundedEmitter(budget, part.mode === 'sms' ? SMS_MAX_CHARS : MAX_OUTPUT_CHARS);
    toValueSync(liquid.renderer.renderTemplates(template, ctx, output));
    return output.buffer;
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
      return this.engines[liquidMode(part.mode)].parse(part.source);
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
    const { globals } = this.engines[liquidMode(part.mode)].analyzeSync(template, { partials: false });
    return Object.values(globals)
      .flat()
      .filter((variable) => {
        const [root, ...path] = variable.segments;
        return path.length > 0 || typeof root !== 'string' || !isMergeFieldName(root);
      })
      .map((variable) => variable.toString());
  }
}

/**
 * What stopped a render, in the contract's codes. A limit is 422 here, at render (the data passed it);
 * MessageRenderer.check answers the same codes with 400 when saving a template.
 */
function renderFailure(part: TemplateSource, error: unknown): unknown {
  const cause: unknown = error instanceof LiquidError ? (error.originalError ?? error) : error;
  const field = { field: part.field };
  const atRender = { status: HttpStatus.UNPROCESSABLE_ENTITY } as const;
  if (cause instanceof OutputLimitExceeded && cause.kind === 'part' && part.mode === 'sms') {
    return new DomainError(
      MessagingErrorCode.SMS_TOO_LONG,
      `The SMS is longer than ${SMS_MAX_CHARS.toLocaleString('en-US')} characters once rendered, the most an SMS provider accepts.`,
      field,
      atRender,
    );
  }
  if (cause instanceof OutputLimitExceeded) {
    const what = cause.kind === 'part' ? `The ${part.field}` : `Together with what it captures, the ${part.field}`;
    return new DomainError(
      MessagingErrorCode.TEMPLATE_TOO_COSTLY,
      `${what} renders to more than ${cause.limit.toLocaleString('en-US')} characters.`,
      field,
      atRender,
    );
  }
  // A stack overflow is nesting too deep to render.
  if (cause instanceof RangeError || (cause instanceof Error && RUNAWAY.test(cause.message))) {
    return new DomainError(
      MessagingErrorCode.TEMPLATE_TOO_COSTLY,
      `The ${part.field} takes too much time or memory to render: a loop runs too many times or builds too much text.`,
      field,
      atRender,
    );
  }
  if (!(error instanceof LiquidError)) return error;
  return new DomainError(
    MessagingErrorCode.TEMPLATE_RENDER_FAILED,
    `The ${part.field} could not be rendered: ${describe(error)}.`,
    { field: part.field, ...positionOf(error) },
  );
}
