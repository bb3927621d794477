import { api, whoAmI } from '../api.js';
import { h, notice, replace } from '../dom.js';
import { failure, heading, type Page } from './page.js';

type Step = 'account' | 'app' | 'authorization' | 'aws';

interface Problem {
  readonly field: string;
  readonly input?: string;
  readonly problem: string;
  readonly fix: string;
}

interface Check {
  readonly id: string;
  readonly step: Step;
  readonly status: 'pass' | 'warn' | 'fail' | 'skip';
  readonly cause: string;
  readonly fix: string;
}

interface Verdict {
  readonly step: Step;
  readonly ok: boolean;
  readonly problems: readonly Problem[];
  readonly checks: readonly Check[];
}

interface Field {
  readonly name: string;
  readonly label: string;
  readonly help: string;
  readonly type?: 'text' | 'password' | 'date' | 'url';
  readonly choices?: readonly (readonly [string, string])[];
  readonly optional?: boolean;
  readonly placeholder?: string;
}

/** The wizard's steps and their fields, with `csm connect`'s explanations of where each value is found. */
const STEPS: readonly { id: Step; title: string; lead: string; fields: readonly Field[] }[] = [
  {
    id: 'account',
    title: '1. The account',
    lead: 'A short name commands use, the kind of account and the region where it sells.',
    fields: [
      {
        name: 'name',
        label: 'Account name',
        help: 'Letters, digits, . _ -; e.g. acme-us.',
        placeholder: 'main',
      },
      {
        name: 'kind',
        label: 'Kind',
        help: 'Seller Central accounts sell on Amazon; Vendor Central accounts sell to Amazon.',
        choices: [
          ['seller', 'seller (Seller Central)'],
          ['vendor', 'vendor (Vendor Central)'],
        ],
      },
      {
        name: 'region',
        label: 'Region',
        help: 'One authorization covers every marketplace of the region.',
        choices: [
          ['na', 'na: North America'],
          ['eu', 'eu: Europe, Middle East, India'],
          ['fe', 'fe: Far East'],
        ],
      },
      {
        name: 'endpoint',
        label: 'Endpoint (optional)',
        help: "Leave empty for Amazon. The base URL of csm's emulator to connect an emulated seller.",
        type: 'url',
        optional: true,
        placeholder: 'http://127.0.0.1:8080',
      },
    ],
  },
  {
    id: 'app',
    title: "2. The app's LWA credentials",
    lead: 'Seller Central > Partner Network > Develop Apps > your app > "View" under LWA credentials.',
    fields: [
      {
        name: 'clientId',
        label: 'LWA client id',
        help: '"Client identifier": amzn1.application-oa2-client.…',
      },
      {
        name: 'clientSecret',
        label: 'LWA client secret',
        help: '"Client secret": amzn1.oa2-cs.v1.… Stored encrypted, never shown again.',
        type: 'password',
      },
      {
        name: 'secretCreated',
        label: 'Secret created on',
        help: 'Amazon makes it expire after 180 days; csm warns 30 days before.',
        type: 'date',
        optional: true,
      },
    ],
  },
  {
    id: 'authorization',
    title: "3. The seller's authorization",
    lead: 'Checked live with Amazon: LWA, the region and the marketplaces, as csm connect does.',
    fields: [
      {
        name: 'refreshToken',
        label: 'Refresh token',
        help: 'Develop Apps > Authorize app (self-authorization): it starts with Atzr|.',
        type: 'password',
      },
      {
        name: 'sellerId',
        label: 'Seller id (optional)',
        help: 'The Merchant Token, at Settings > Account Info > Merchant Token.',
        optional: true,
      },
    ],
  },
  {
    id: 'aws',
    title: '4. Legacy AWS keys (optional)',
    lead: 'Not needed since 2023-10-02. Leave empty unless you want them checked and stored.',
    fields: [
      { name: 'awsAccessKeyId', label: 'AWS access key id', help: 'AKIA…', optional: true },
      {
        name: 'awsSecretAccessKey',
        label: 'AWS secret access key',
        help: '',
        type: 'password',
        optional: true,
      },
      { name: 'roleArn', label: 'IAM role ARN', help: 'arn:aws:iam::<account>:role/<name>', optional: true },
    ],
  },
];

/**
 * Connect an account: `csm connect`'s steps, each validated by the server when "Check" is pressed (formats
 * first, then Amazon), a failed check shown on the step whose values it judges. "Connect" runs every check
 * again and stores the account only when they pass.
 */
export const connectPage: Page = async () => {
  const me = await whoAmI();
  if (me.user.admin === false) {
    return h(
      'section',
      {},
      heading('Connect an account'),
      notice('info', 'Only an admin connects accounts.'),
    );
  }
  const values: Record<string, string> = { kind: 'seller', region: 'na' };
  const forms = new Map<Step, HTMLFormElement>();
  const outcome = h('div', { class: 'result', id: 'connect-result', 'aria-live': 'polite' });
  const connectButton = h('button', { type: 'button', id: 'connect', disabled: true }, 'Connect');
  let current = 0;

  const show = (index: number) => {
    current = index;
    STEPS.forEach((step, i) => {
      const form = forms.get(step.id);
      if (!form) return;
      form.classList.toggle('current', i === index);
      form.classList.toggle('done', i < index);
      for (const control of form.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLButtonElement>(
        'input, select, button',
      )) {
        control.disabled = i !== index;
      }
    });
    // The authorization must have passed: AWS keys are optional.
    connectButton.disabled = index < STEPS.length - 1;
    forms
      .get(STEPS[index]?.id ?? 'account')
      ?.querySelector<HTMLElement>('input, select')
      ?.focus();
  };

  const read = (form: HTMLFormElement) => {
    for (const [name, value] of new FormData(form)) values[name] = String(value);
  };

  const render = (verdict: Verdict) => {
    for (const form of forms.values()) {
      for (const old of form.querySelectorAll('.problem, .checks')) old.remove();
    }
    for (const problem of verdict.problems) {
      const input = problem.input ? document.querySelector(`[name="${problem.input}"]`) : null;
      const message = h('p', { class: 'problem', role: 'alert' }, `${problem.problem}. ${problem.fix}`);
      if (input?.parentElement) input.parentElement.after(message);
      else forms.get(verdict.step)?.append(message);
    }
    const byStep = new Map<Step, Check[]>();
    for (const check of verdict.checks) byStep.set(check.step, [...(byStep.get(check.step) ?? []), check]);
    for (const [step, checks] of byStep) {
      forms
        .get(step)
        ?.append(
          h(
            'ul',
            { class: 'checks' },
            ...checks.map((c) =>
              h(
                'li',
                { class: c.status, 'data-check': c.id },
                h('strong', {}, `${c.status} ${c.id}: `),
                c.cause,
                c.fix ? h('span', { class: 'fix' }, ` Fix: ${c.fix}`) : null,
              ),
            ),
          ),
        );
    }
  };

  /** A failed check sends the wizard back to the step whose values it judges. */
  const firstFailedStep = (verdict: Verdict): number => {
    const failed = verdict.checks.find((c) => c.status === 'fail');
    if (verdict.problems.length > 0) {
      const input = verdict.problems[0]?.input;
      const owner = STEPS.findIndex((s) => s.fields.some((f) => f.name === input));
      return owner >= 0 ? owner : STEPS.findIndex((s) => s.id === verdict.step);
    }
    return failed ? STEPS.findIndex((s) => s.id === failed.step) : -1;
  };

  const check = async (index: number) => {
    const step = STEPS[index];
    if (!step) return;
    const form = forms.get(step.id);
    if (form) read(form);
    replace(outcome);
    try {
      const verdict = await api<Verdict>(`/connect/steps/${step.id}`, { method: 'POST', body: values });
      render(verdict);
      if (verdict.ok) show(Math.min(index + 1, STEPS.length));
      else show(firstFailedStep(verdict));
    } catch (error) {
      replace(outcome, failure(error));
    }
  };

  const connect = async () => {
    replace(outcome, h('p', { class: 'loading' }, 'Checking with Amazon and storing…'));
    try {
      const answer = await api<{
        account: { name: string; marketplaces?: { countryCode?: string; id: string }[] };
      }>('/connect/accounts', { method: 'POST', body: values });
      const places = (answer.account.marketplaces ?? []).map((m) => m.countryCode || m.id).join(', ');
      replace(
        outcome,
        notice(
          'info',
          `Connected ${answer.account.name}`,
          places ? ` (marketplaces ${places})` : '',
          '. ',
          h('a', { href: '/accounts' }, 'Accounts'),
        ),
      );
      for (const form of forms.values()) form.remove();
    } catch (error) {
      replace(outcome, failure(error));
    }
  };

  STEPS.forEach((step, index) => {
    const form = h(
      'form',
      { class: 'step', id: `step-${step.id}`, novalidate: true },
      h('h2', {}, step.title),
      h('p', { class: 'lead' }, step.lead),
      ...step.fields.map((field) => input(field, values[field.name] ?? '')),
      h('button', { type: 'submit' }, index === STEPS.length - 1 ? 'Check' : 'Check and continue'),
      index > 0
        ? h('button', { type: 'button', class: 'link', onclick: () => show(index - 1) }, 'Back')
        : null,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void check(index);
    });
    forms.set(step.id, form);
  });
  connectButton.addEventListener('click', () => void connect());
  const section = h(
    'section',
    { class: 'connect' },
    heading(
      'Connect an account',
      'The same steps and checks as csm connect. Nothing is stored until "Connect" passes.',
    ),
    [...forms.values()],
    h('p', { class: 'finish' }, connectButton),
    outcome,
  );
  show(current);
  return section;
};

function input(field: Field, value: string): HTMLElement {
  const control = field.choices
    ? h(
        'select',
        { name: field.name },
        ...field.choices.map(([v, text]) => h('option', { value: v, selected: v === value }, text)),
      )
    : h('input', {
        name: field.name,
        type: field.type ?? 'text',
        value,
        placeholder: field.placeholder,
        autocomplete: field.type === 'password' ? 'off' : null,
        required: !field.optional,
      });
  return h('label', {}, h('span', {}, field.label), control, field.help ? h('small', {}, field.help) : null);
}
