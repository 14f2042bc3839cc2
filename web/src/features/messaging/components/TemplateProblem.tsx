import { Alert, Text } from '@mantine/core';
import { errorMessage } from '../../../api/client';
import { TemplateRefusal } from '../hooks/useMessaging';

/** What is wrong with a template, in words, with where: the line and column, or the unknown field names. */
export function problemTitle(error: unknown): string {
  if (!(error instanceof TemplateRefusal)) return 'This could not be checked';
  const { line, column, fields, field } = error.detail;
  switch (error.body.code) {
    case 'template_syntax_error':
      return `${field === 'subject' ? 'Subject, l' : 'L'}ine ${line ?? 1}, column ${column ?? 1}: syntax error`;
    case 'unknown_merge_field':
      return `Unknown merge field${(fields?.length ?? 0) > 1 ? 's' : ''}: ${(fields ?? []).join(', ')}`;
    case 'sms_too_long':
      return 'Too long for an SMS';
    case 'template_too_costly':
      return 'Too costly to render';
    default:
      return 'This template cannot be used as it is';
  }
}

export function TemplateProblem({ error, id }: { error: unknown; id?: string }) {
  return (
    <Alert color="red" role="alert" title={problemTitle(error)} id={id}>
      <Text size="sm">{errorMessage(error)}</Text>
    </Alert>
  );
}
