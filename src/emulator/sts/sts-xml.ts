/** STS's XML namespace, on every answer of the Query API version 2011-06-15. */
export const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

export const escapeXml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c,
  );

/** An element tree: a string is text, an object nests elements in its key order. */
export interface XmlTree {
  [element: string]: string | XmlTree;
}

function render(tree: XmlTree, indent: string): string {
  return Object.entries(tree)
    .map(([name, value]) =>
      typeof value === 'string'
        ? `${indent}<${name}>${escapeXml(value)}</${name}>\n`
        : `${indent}<${name}>\n${render(value, `${indent}  `)}${indent}</${name}>\n`,
    )
    .join('');
}

/** `<ActionResponse xmlns=…><ActionResult>…</ActionResult><ResponseMetadata><RequestId>…` as AWS sends it. */
export function actionResponse(action: string, result: XmlTree, requestId: string): string {
  return `<${action}Response xmlns="${STS_NAMESPACE}">
  <${action}Result>
${render(result, '    ')}  </${action}Result>
  <ResponseMetadata>
    <RequestId>${escapeXml(requestId)}</RequestId>
  </ResponseMetadata>
</${action}Response>
`;
}

/** AWS's Query error: `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>`. */
export function errorResponse(
  type: 'Sender' | 'Receiver',
  code: string,
  message: string,
  requestId: string,
): string {
  return `<ErrorResponse xmlns="${STS_NAMESPACE}">
  <Error>
    <Type>${type}</Type>
    <Code>${escapeXml(code)}</Code>
    <Message>${escapeXml(message)}</Message>
  </Error>
  <RequestId>${escapeXml(requestId)}</RequestId>
</ErrorResponse>
`;
}
