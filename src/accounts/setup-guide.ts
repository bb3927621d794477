/**
 * The steps of the setup guide sellers follow (Amazon's, before 2023-10-02), as csm's messages and
 * docs/connect.md name them. Since 2023-10-02 SP-API ignores request signatures: the AWS steps are
 * optional, kept for people who arrive with them.
 */
export const GUIDE_STEPS = {
  awsAccount: { step: 1, title: 'Create an AWS account', needed: false },
  iamUser: { step: 2, title: 'Create an IAM user with an access key', needed: false },
  iamPolicy: {
    step: 3,
    title: 'Create the IAM policy SellingPartnerAPI (execute-api:Invoke)',
    needed: false,
  },
  iamRole: {
    step: 4,
    title: 'Create an IAM role that trusts your AWS account, with that policy',
    needed: false,
  },
  stsPolicy: { step: 5, title: 'Add an inline STS policy letting the user assume the role', needed: false },
  registerApp: { step: 6, title: 'Register the app in Seller Central or Vendor Central', needed: true },
  piiRole: {
    step: 7,
    title: 'Apply for the restricted role for shipping addresses (FBM only)',
    needed: false,
  },
  lwaCredentials: { step: 8, title: "Copy the app's LWA client id and client secret", needed: true },
} as const;

export type GuideStep = keyof typeof GUIDE_STEPS;

/** `step 4 ("Create an IAM role …")` for messages. */
export function guideStep(step: GuideStep): string {
  const { step: n, title } = GUIDE_STEPS[step];
  return `the guide's step ${n} ("${title}")`;
}

/** Said wherever the AWS part comes up. */
export const AWS_OPTIONAL_NOTE =
  'optional: SP-API has ignored AWS signatures since 2023-10-02, and csm works without AWS keys';
