// The registry of signature recipes by id: adding a provider is adding a file and a line here.
import type { Recipe } from '../recipe.js';
import type { RecipeId } from './ids.js';
import { hmacSha256 } from './hmac-sha256.js';
import { github } from './github.js';
import { stripe } from './stripe.js';
import { slack } from './slack.js';
import { shopify } from './shopify.js';
import { standard } from './standard.js';
import { clerk } from './clerk.js';
import { resend } from './resend.js';
import { gitlab } from './gitlab.js';
import { bitbucket } from './bitbucket.js';
import { gitea } from './gitea.js';
import { circleci } from './circleci.js';
import { vercel } from './vercel.js';
import { twilio } from './twilio.js';
import { sendgrid } from './sendgrid.js';
import { discord } from './discord.js';
import { zoom } from './zoom.js';
import { mailgun } from './mailgun.js';
import { intercom } from './intercom.js';
import { meta } from './meta.js';
import { twitch } from './twitch.js';
import { pagerduty } from './pagerduty.js';
import { grafana } from './grafana.js';
import { sentry } from './sentry.js';
import { square } from './square.js';
import { paddle } from './paddle.js';
import { coinbase } from './coinbase.js';
import { lemonsqueezy } from './lemonsqueezy.js';
import { razorpay } from './razorpay.js';
import { hubspot } from './hubspot.js';
import { linear } from './linear.js';
import { dropbox } from './dropbox.js';
import { box } from './box.js';
import { typeform } from './typeform.js';
import { calendly } from './calendly.js';
import { zendesk } from './zendesk.js';
import { asana } from './asana.js';
import { mux } from './mux.js';
import { trello } from './trello.js';
import { workos } from './workos.js';
import { notion } from './notion.js';
import { docusign } from './docusign.js';

/** Every recipe, in the order auto-detection prefers on a tie (a family's root before its members). */
export const recipes: Readonly<Record<RecipeId, Recipe>> = {
  'hmac-sha256': hmacSha256,
  github,
  stripe,
  slack,
  shopify,
  standard,
  clerk,
  resend,
  gitlab,
  bitbucket,
  gitea,
  circleci,
  vercel,
  twilio,
  sendgrid,
  discord,
  zoom,
  mailgun,
  intercom,
  meta,
  twitch,
  pagerduty,
  grafana,
  sentry,
  square,
  paddle,
  coinbase,
  lemonsqueezy,
  razorpay,
  hubspot,
  linear,
  dropbox,
  box,
  typeform,
  calendly,
  zendesk,
  asana,
  mux,
  trello,
  workos,
  notion,
  docusign,
};
