/** What `csm api` needs of the client's errors (SpApiError, LwaError) to explain a failure. */
interface ExplainableError {
  message: string;
  requestId?: string | undefined;
  diagnosis?: { cause: string; fix: string } | undefined;
}

/**
 * A failed call as a few lines for stderr: what Amazon said (the client's message already names the
 * operation that failed and the request id), then the likely cause and the fix.
 */
export function formatApiError(operation: string, error: ExplainableError): string {
  const lines = [
    error.message.startsWith(`${operation}:`) ? error.message : `${operation}: ${error.message}`,
  ];
  if (error.requestId && !error.message.includes(error.requestId))
    lines.push(`  request id: ${error.requestId}`);
  if (error.diagnosis) {
    lines.push(`  cause: ${error.diagnosis.cause}`);
    lines.push(`  fix: ${error.diagnosis.fix}`);
  }
  return lines.join('\n');
}
