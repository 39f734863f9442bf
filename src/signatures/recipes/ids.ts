// The one list of signature recipe ids (lowercase provider names). Kept apart from the recipes so
// profiles/schema.ts can name them without loading any recipe; the registry is typed by this list.
export const RECIPE_IDS = [
  // the six schemes of the first round (names and behaviour kept)
  'hmac-sha256', 'github', 'stripe', 'slack', 'shopify', 'standard',
  // Standard Webhooks / Svix senders
  'clerk', 'resend',
  // forges and CI
  'gitlab', 'bitbucket', 'gitea', 'circleci', 'vercel',
  // messaging, voice, mail
  'twilio', 'sendgrid', 'discord', 'zoom', 'mailgun', 'intercom', 'meta', 'twitch',
  // incidents, monitoring, errors
  'pagerduty', 'grafana', 'sentry',
  // payments and commerce
  'square', 'paddle', 'coinbase', 'lemonsqueezy', 'razorpay',
  // SaaS
  'hubspot', 'linear', 'dropbox', 'box', 'typeform', 'calendly', 'zendesk', 'asana', 'mux', 'trello',
  'workos', 'notion', 'docusign',
] as const;

export type RecipeId = (typeof RECIPE_IDS)[number];
