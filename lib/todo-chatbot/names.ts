import { evaluateName, NameContext, NamedRule, NameRule, suffixed } from '../name-rules';
import { CHART_NAME, LOCAL_FRONTEND_URL } from './values';

/**
 * How the todo-chatbot names its objects, as `helm create` does: the one source of `_helpers.tpl`'s
 * `name`, `fullname` and `chart` and of the plain synthesis's names (`lib/name-rules.ts`).
 */
export const NAME_RULES: Readonly<Record<'name' | 'fullname' | 'chart' | 'serviceAccountName' | 'secretName' | 'frontendAddress'
  | 'corsOrigins' | 'frontendUrl', NamedRule>> = {
  name: {
    description: 'Expand the name of the chart.',
    rule: { truncate: { firstSet: [{ value: 'nameOverride' }, { chart: 'Name' }] }, max: 63 },
  },
  fullname: {
    description: [
      'Create a default fully qualified app name; object names are this plus a suffix, shortened so the suffix fits.',
      'We truncate at 63 chars because some Kubernetes name fields are limited to this (by the DNS naming spec).',
      'If release name contains chart name it will be used as a full name.',
    ].join('\n'),
    rule: {
      ifSet: { value: 'fullnameOverride' },
      then: { truncate: { value: 'fullnameOverride' }, max: 63 },
      otherwise: {
        ifContains: { needle: { named: 'name' }, haystack: { release: 'Name' } },
        then: { truncate: { release: 'Name' }, max: 63 },
        otherwise: { truncate: { join: [{ release: 'Name' }, { literal: '-' }, { named: 'name' }] }, max: 63 },
      },
    },
  },
  chart: {
    description: 'Create chart name and version as used by the chart label.',
    rule: { truncate: { replace: { join: [{ chart: 'Name' }, { literal: '-' }, { chart: 'Version' }] }, from: '+', to: '_' }, max: 63 },
  },
  serviceAccountName: {
    description: 'Create the name of the service account to use (the pods name it only when it is created or given).',
    rule: { firstSet: [{ value: 'serviceAccount.name' }, { named: 'fullname' }] },
  },
  secretName: {
    description: 'The name of the Secret the backend reads: secrets.existingSecret, else "<fullname>-secrets", so two releases do not share one.',
    rule: { firstSet: [{ value: 'secrets.existingSecret' }, objectNameRule('secrets')] },
  },
  frontendAddress: {
    description: `Where users open the app: the Ingress host (https with a TLS Secret) when there is one, else the seed's ${LOCAL_FRONTEND_URL}.`,
    rule: {
      ifSet: { value: 'ingress.enabled' },
      then: { join: [{ ifSet: { value: 'ingress.tlsSecretName' }, then: { literal: 'https://' }, otherwise: { literal: 'http://' } }, { value: 'ingress.host' }] },
      otherwise: { literal: LOCAL_FRONTEND_URL },
    },
  },
  corsOrigins: {
    description: 'CORS_ORIGINS of the backend: config.corsOrigins, else the frontend\'s address.',
    rule: { firstSet: [{ value: 'config.corsOrigins' }, { named: 'frontendAddress' }] },
  },
  frontendUrl: {
    description: 'FRONTEND_URL of the backend: config.frontendUrl, else the frontend\'s address.',
    rule: { firstSet: [{ value: 'config.frontendUrl' }, { named: 'frontendAddress' }] },
  },
};

/**
 * The image reference of a component: `[<global.imageRegistry>/]<repository>`, then `@<image.digest>` when a
 * digest is given (the tag is then ignored, as in Bitnami's charts: the digest names one build) or `:<image.tag>`.
 */
export function imageRule(component: 'backend' | 'frontend'): NameRule {
  const registry: NameRule = { value: 'global.imageRegistry' };
  const digest: NameRule = { value: `${component}.image.digest` };
  return {
    join: [
      { ifSet: registry, then: { join: [registry, { literal: '/' }] }, otherwise: { literal: '' } },
      { value: `${component}.image.repository` },
      { ifSet: digest, then: { join: [{ literal: '@' }, digest] }, otherwise: { join: [{ literal: ':' }, { value: `${component}.image.tag` }] } },
    ],
  };
}

/** The name of an object of the release: `<fullname>-<suffix>`, at most 63 characters. */
export function objectNameRule(suffix: string): NameRule {
  return suffixed({ named: 'fullname' }, suffix);
}

/** A rule's name in a plain synthesis. */
export function plainName(rule: NameRule, context: Omit<NameContext, 'chartName'>): string {
  return evaluateName(rule, { ...context, chartName: CHART_NAME }, NAME_RULES);
}
