/**
 * Format checks of the values people paste while connecting an account, run before any call so a typo is
 * named by field instead of surfacing as Amazon's opaque `invalid_client` or `Access … denied`. Each check
 * returns `undefined` when the value looks right, or the problem and the fix. No message ever repeats the
 * value itself: a secret pasted into the wrong field must not end up on the screen or in a log.
 */

/** What is wrong with one field, and what to do about it. */
export interface FormatProblem {
  /** The field as the user knows it (`client secret`, `refresh token`). */
  readonly field: string;
  readonly problem: string;
  readonly fix: string;
}

const CLIENT_ID = /^amzn1\.application-oa2-client\.[0-9a-f]{32}$/;
const CLIENT_SECRET = /^amzn1\.oa2-cs\.v1\.[0-9a-f]{64}$/;
// Amazon's refresh tokens are `Atzr|` and a long base64url-like tail; real ones run to a few hundred characters.
const REFRESH_TOKEN = /^Atzr\|[A-Za-z0-9\-_.~+/=]+$/;
const MIN_REFRESH_TOKEN_TAIL = 64;
const SELLER_ID = /^A[0-9A-Z]{9,20}$/;
const ACCESS_KEY_ID = /^(AKIA|ASIA)[0-9A-Z]{16}$/;
const SECRET_ACCESS_KEY = /^[A-Za-z0-9/+]{40}$/;
const ROLE_ARN = /^arn:aws(-[a-z]+)*:iam::(\d{12}):role\/[\w+=,.@\-/]{1,512}$/;
const AWS_ACCOUNT_ID = /^\d{12}$/;
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const APPLICATION_ID = new RegExp(`^amzn1\\.(sellerapps\\.app|sp\\.solution)\\.${UUID}$`);

const SELLER_CENTRAL_APP = 'Seller Central (Partner Network > Develop Apps, "View" under LWA credentials)';

function whitespace(field: string, value: string): FormatProblem | undefined {
  if (value !== value.trim() || /\s/.test(value)) {
    return {
      field,
      problem: `the ${field} contains spaces or line breaks`,
      fix: `Copy the ${field} again without the surrounding spaces or line breaks.`,
    };
  }
  return value === '' ? { field, problem: `the ${field} is empty`, fix: `Give the ${field}.` } : undefined;
}

/** An LWA client identifier: `amzn1.application-oa2-client.` and 32 hex digits. */
export function checkClientId(value: string): FormatProblem | undefined {
  const field = 'LWA client id';
  const blank = whitespace(field, value);
  if (blank) return blank;
  if (value.startsWith('amzn1.oa2-cs.')) {
    return {
      field,
      problem: 'the client id looks like a client secret (it starts with amzn1.oa2-cs.)',
      fix: `Paste the "Client identifier" into the client id, and the "Client secret" into the secret; both are under ${SELLER_CENTRAL_APP}.`,
    };
  }
  if (!CLIENT_ID.test(value)) {
    return {
      field,
      problem: 'the client id is not of the form amzn1.application-oa2-client. followed by 32 hex digits',
      fix: `Copy the whole "Client identifier" from ${SELLER_CENTRAL_APP}.`,
    };
  }
  return undefined;
}

/** An LWA client secret: `amzn1.oa2-cs.v1.` and 64 hex digits. */
export function checkClientSecret(value: string): FormatProblem | undefined {
  const field = 'LWA client secret';
  const blank = whitespace(field, value);
  if (blank) return blank;
  if (value.startsWith('amzn1.application-oa2-client.')) {
    return {
      field,
      problem: 'the client secret looks like a client id (it starts with amzn1.application-oa2-client.)',
      fix: `Paste the "Client secret" here, not the "Client identifier"; both are under ${SELLER_CENTRAL_APP}.`,
    };
  }
  if (value.startsWith('Atzr|')) {
    return {
      field,
      problem: 'the client secret looks like a refresh token (it starts with Atzr|)',
      fix: 'Give the refresh token as the refresh token, and the app\'s "Client secret" as the secret.',
    };
  }
  if (!CLIENT_SECRET.test(value)) {
    return {
      field,
      problem: 'the client secret is not of the form amzn1.oa2-cs.v1. followed by 64 hex digits',
      fix: `Copy the whole "Client secret" from ${SELLER_CENTRAL_APP}; after a rotation, copy the new one.`,
    };
  }
  return undefined;
}

/** A refresh token: `Atzr|` and a long tail, as self-authorization or the OAuth flow gives it. */
export function checkRefreshToken(value: string): FormatProblem | undefined {
  const field = 'refresh token';
  const blank = whitespace(field, value);
  if (blank) return blank;
  if (/^Atzr%7C/i.test(value)) {
    return {
      field,
      problem: 'the refresh token is URL-encoded (it starts with Atzr%7C instead of Atzr|)',
      fix: 'Decode it (replace %7C with |) or copy it again from the authorization page.',
    };
  }
  if (value.startsWith('amzn1.')) {
    return {
      field,
      problem: 'the refresh token looks like a client id or secret (it starts with amzn1.)',
      fix: 'Paste the refresh token shown after "Authorize app" (it starts with Atzr|).',
    };
  }
  if (!value.startsWith('Atzr|')) {
    return {
      field,
      problem: 'the refresh token does not start with Atzr|',
      fix: 'Copy the whole refresh token from Seller Central (Develop Apps > Authorize app), or use `csm connect --oauth`. In a shell, quote it: the | in it starts a pipe.',
    };
  }
  const tail = value.slice('Atzr|'.length);
  if (!REFRESH_TOKEN.test(value) || tail.length < MIN_REFRESH_TOKEN_TAIL) {
    return {
      field,
      problem: `the refresh token is cut short or has characters a token never has (${tail.length} characters after its prefix)`,
      fix: 'Copy the whole token again; it is several hundred characters long. In a shell, quote it in single quotes.',
    };
  }
  return undefined;
}

/** The app's id: `amzn1.sellerapps.app.` or `amzn1.sp.solution.` and a UUID (not the LWA client id). */
export function checkApplicationId(value: string): FormatProblem | undefined {
  const field = 'application id';
  const blank = whitespace(field, value);
  if (blank) return blank;
  if (value.startsWith('amzn1.application-oa2-client.')) {
    return {
      field,
      problem:
        'the application id looks like the LWA client id (it starts with amzn1.application-oa2-client.)',
      fix: 'Give the "App ID" shown beside the app\'s name in Develop Apps (amzn1.sellerapps.app.… or amzn1.sp.solution.…).',
    };
  }
  if (!APPLICATION_ID.test(value)) {
    return {
      field,
      problem: 'the application id is not amzn1.sellerapps.app. or amzn1.sp.solution. followed by a UUID',
      fix: 'Copy the "App ID" shown beside the app\'s name in Seller Central (Partner Network > Develop Apps) or Vendor Central (Integration > API Integration).',
    };
  }
  return undefined;
}

/** The seller id (Merchant Token): `A` and 9 to 20 upper-case letters and digits. */
export function checkSellerId(value: string): FormatProblem | undefined {
  const field = 'seller id';
  const blank = whitespace(field, value);
  if (blank) return blank;
  if (!SELLER_ID.test(value)) {
    return {
      field,
      problem: 'the seller id is not a Merchant Token (A followed by upper-case letters and digits)',
      fix: 'Find it in Seller Central under Settings > Account Info > Business Information > Merchant Token.',
    };
  }
  return undefined;
}

/** An AWS access key id: `AKIA` (or `ASIA` for temporary keys) and 16 upper-case letters and digits. */
export function checkAwsAccessKeyId(value: string): FormatProblem | undefined {
  const field = 'AWS access key id';
  const blank = whitespace(field, value);
  if (blank) return blank;
  if (!ACCESS_KEY_ID.test(value)) {
    return {
      field,
      problem: 'the access key id is not AKIA followed by 16 upper-case letters and digits (20 characters)',
      fix: 'Copy the "Access key ID" of the IAM user from the AWS console (IAM > Users > Security credentials).',
    };
  }
  return undefined;
}

/** An AWS secret access key: 40 characters of base64. */
export function checkAwsSecretAccessKey(value: string): FormatProblem | undefined {
  const field = 'AWS secret access key';
  const blank = whitespace(field, value);
  if (blank) return blank;
  if (ACCESS_KEY_ID.test(value)) {
    return {
      field,
      problem: 'the secret access key looks like an access key id (it starts with AKIA)',
      fix: 'Give the "Secret access key" shown once when the access key was created; if it is lost, create a new key.',
    };
  }
  if (!SECRET_ACCESS_KEY.test(value)) {
    return {
      field,
      problem: 'the secret access key is not 40 characters of letters, digits, / and +',
      fix: 'Copy the whole "Secret access key"; AWS shows it only once, so create a new access key if it is lost.',
    };
  }
  return undefined;
}

/** An IAM role ARN: `arn:aws:iam::123456789012:role/Name`. */
export function checkRoleArn(value: string): FormatProblem | undefined {
  const field = 'IAM role ARN';
  const blank = whitespace(field, value);
  if (blank) return blank;
  if (!ROLE_ARN.test(value)) {
    return {
      field,
      problem: 'the role ARN is not of the form arn:aws:iam::<12-digit account id>:role/<name>',
      fix: "Copy the role's ARN from the AWS console (IAM > Roles > your role > Summary), the user ARN is not it.",
    };
  }
  return undefined;
}

/** A 12-digit AWS account id. */
export function checkAwsAccountId(value: string): FormatProblem | undefined {
  const field = 'AWS account id';
  const blank = whitespace(field, value);
  if (blank) return blank;
  if (!AWS_ACCOUNT_ID.test(value)) {
    return {
      field,
      problem: 'the AWS account id is not 12 digits',
      fix: 'Find it in the AWS console under your account name (top right), without dashes.',
    };
  }
  return undefined;
}

/** The AWS account id inside a role ARN, or `undefined` for a malformed ARN. */
export function accountIdOfRoleArn(arn: string): string | undefined {
  return ROLE_ARN.exec(arn)?.[2];
}
