import { helmChartFiles, HelmChartSpec } from '../helm/helm-chart';
import { nameExpression, namedTemplates } from '../helm/names';
import { helmString } from '../helm/placeholders';
import { App } from 'cdk8s';
import { Construct } from 'constructs';
import { HttpCheck } from '../http-check';
import {
  COMPONENT_LABEL, commonLabelsOf, HELM_CHART_LABEL, plainIdentity, releaseLabelsOf, ReleaseIdentity, selectorLabelsOf, TEST_COMPONENT, TodoChatbotChart, unlessEmpty,
} from './chart';
import { markdownTableOf, VALUES_TABLE_HEADER, valuesTableRows } from '../values-model';
import { imageRule, NAME_RULES, objectNameRule } from './names';
import { prerequisitesTable } from './prerequisites';
import { validateTemplate } from './value-rules';
import { APP_VERSION, CHART_NAME, defaultValues, devValues, SECRET_KEYS, TodoChatbotValues, valuesModel } from './values';

/** The release as Helm sees it: every name and label comes from `_helpers.tpl` or the release. */
export const HELM_IDENTITY: ReleaseIdentity = {
  name: helmString(`include "${CHART_NAME}.name" .`),
  fullname: helmString(`include "${CHART_NAME}.fullname" .`),
  objectName: (suffix) => helmString(nameExpression(objectNameRule(suffix), CHART_NAME)),
  serviceAccountName: helmString(`include "${CHART_NAME}.serviceAccountName" .`),
  image: (component) => helmString(nameExpression(imageRule(component), CHART_NAME)),
  secretName: helmString(`include "${CHART_NAME}.secretName" .`),
  corsOrigins: helmString(`include "${CHART_NAME}.corsOrigins" .`),
  frontendUrl: helmString(`include "${CHART_NAME}.frontendUrl" .`),
  instance: helmString('.Release.Name'),
  version: helmString('.Chart.AppVersion'),
  managedBy: helmString('.Release.Service'),
  extraLabels: { [HELM_CHART_LABEL]: helmString(`include "${CHART_NAME}.chart" .`) },
};

/**
 * What `helm test` runs: a pod that requests the backend's health endpoint through its Service, as the
 * frontend reaches it, with the backend's own image (python3, already on the nodes).
 */
function helmTests(values: unknown, app: App): Construct {
  const v = values as TodoChatbotValues;
  const chart = new TodoChatbotChart(app, CHART_NAME, { values: v, identity: HELM_IDENTITY });
  const tests = new Construct(chart, 'tests');
  new HttpCheck(tests, 'backend-health', {
    name: HELM_IDENTITY.objectName('test-backend-health'),
    url: `${chart.backend.url}${v.backend.probes.path}`,
    image: HELM_IDENTITY.image!('backend'),
    imagePullPolicy: v.backend.image.pullPolicy,
    imagePullSecrets: unlessEmpty(v.imagePullSecrets),
    runAs: { runAsUser: v.global.runAsUser, runAsGroup: v.global.runAsGroup },
    labels: { ...releaseLabelsOf(v, HELM_IDENTITY), [COMPONENT_LABEL]: TEST_COMPONENT },
    // Run by `helm test`, removed before the next run (a failed pod stays for its logs until then).
    annotations: { 'helm.sh/hook': 'test', 'helm.sh/hook-delete-policy': 'before-hook-creation' },
  });
  return tests;
}

/** README.md of the chart: what it installs and every value, generated from the values model. */
function chartReadme(): string {
  const required = SECRET_KEYS.filter((k) => k.required).map((k) => `--from-literal=${k.name}='...'`).join(' ');
  return `# ${CHART_NAME}

${DESCRIPTION}: a FastAPI backend (Deployment, ClusterIP Service, ConfigMap) and a Next.js frontend (Deployment,
NodePort or ClusterIP Service), both under Pod Security "restricted". Generated from lib/todo-chatbot by
\`npm run synth\`, like every file of this chart.

## Install

The backend reads its credentials from a Secret the chart does not create (unless \`secrets.create\`):

\`\`\`sh
kubectl create secret generic ${plainIdentity(defaultValues).secretName} ${required}
helm install ${CHART_NAME} <this chart> -f values-dev.yaml
helm test ${CHART_NAME} --logs
\`\`\`

Optional keys: ${SECRET_KEYS.filter((k) => !k.required).map((k) => k.name).join(', ')}.

The Secret is named \`<fullname>-secrets\` (${plainIdentity(defaultValues).secretName} for the release ${CHART_NAME}, so the
command above fits it; \`helm install\` prints the command with the right name) unless \`secrets.existingSecret\`
names one. Every other object's name starts with the fullname too, so a second release in the namespace needs
only its own \`backend.service.name\` and \`frontend.service.nodePort\`.

What a shared cluster needs (a ServiceAccount, pull secrets, network policies, autoscaling, disruption
budgets, scheduling) is in the table below, off by default.

## Objects to create first

Some values name objects the chart does not create. Create each one the values name before \`helm install\`
(and before an upgrade that names a new one):

${prerequisitesTable()}
## Values

values.schema.json checks every value; keys it does not know are refused.

${markdownTableOf(VALUES_TABLE_HEADER, valuesTableRows(valuesModel))}`;
}

/** Chart.yaml's description. */
const DESCRIPTION = 'AI-Powered Todo Chatbot with Conversational Interface';

/** The chart's version (its own, independent of the app's in principle; equal today). */
export const CHART_VERSION = '1.0.0';

/** The files of `dist/helm/todo-chatbot/`, derived from the same chart and values model as the plain manifests. */
export function todoChatbotHelmChartFiles(): Map<string, string> {
  const files = helmChartFiles(todoChatbotHelmSpec());
  // The rules values.schema.json cannot state, refused at render time with the plain synthesis's messages.
  files.set('templates/validate.tpl', validateTemplate({ frontendService: nameExpression(objectNameRule('frontend'), CHART_NAME) }));
  return files;
}

function todoChatbotHelmSpec(): HelmChartSpec {
  return {
    chartYaml: {
      apiVersion: 'v2',
      name: CHART_NAME,
      description: DESCRIPTION,
      type: 'application',
      version: CHART_VERSION,
      appVersion: APP_VERSION,
      kubeVersion: '>=1.25.0-0',
      keywords: ['todo', 'chatbot', 'ai', 'kubernetes'],
      maintainers: [{ name: 'Phase VI Team' }],
    },
    model: valuesModel,
    valuesHeader: [
      `Default values of the ${CHART_NAME} chart: the same settings the plain manifests in dist/ are synthesized with.`,
      'Generated from lib/todo-chatbot/values.ts by `npm run synth`; edit that file, not this one.',
      'values.schema.json checks every value; values-dev.yaml holds the local (minikube) overrides.',
    ].join('\n'),
    synthesize: (values, app) => new TodoChatbotChart(app, CHART_NAME, { values: values as TodoChatbotValues, identity: HELM_IDENTITY }),
    tests: helmTests,
    readme: chartReadme(),
    helpers: namedTemplates(NAME_RULES, CHART_NAME),
    labelsHelpers: [
      { name: `${CHART_NAME}.labels`, labels: commonLabelsOf(HELM_IDENTITY) },
      { name: `${CHART_NAME}.selectorLabels`, labels: selectorLabelsOf(HELM_IDENTITY) },
    ],
    notes: notes(),
    extraValuesFiles: [{
      file: 'values-dev.yaml',
      header: [
        'Local development on minikube, over values.yaml:',
        `  helm install ${CHART_NAME} dist/helm/${CHART_NAME} -f dist/helm/${CHART_NAME}/values-dev.yaml`,
        'Generated from devValues in lib/todo-chatbot/values.ts.',
      ].join('\n'),
      values: devValues,
    }],
  };
}

function notes(): string {
  // The names the chart gives (lib/todo-chatbot/names.ts), not copies of them.
  const objectName = (suffix: string) => `{{ ${nameExpression(objectNameRule(suffix), CHART_NAME)} }}`;
  const required = SECRET_KEYS.filter((k) => k.required).map((k) => `--from-literal=${k.name}='...'`).join(' ');
  const optional = SECRET_KEYS.filter((k) => !k.required).map((k) => k.name).join(', ');
  return `${CHART_NAME} {{ .Chart.AppVersion }} is installed as release {{ .Release.Name }} in namespace {{ .Release.Namespace }}.
{{- /* Likely mistakes in the values: the warnings the plain synthesis prints (templates/validate.tpl). */}}
{{- with include "${CHART_NAME}.warnings" . }}

{{ . }}
{{- end }}
{{- if not .Values.secrets.create }}

1. The backend reads the Secret "{{ include "${CHART_NAME}.secretName" . }}", which this chart does not create.
   Create it once (its pods wait in CreateContainerConfigError until it exists):

     kubectl create secret generic {{ include "${CHART_NAME}.secretName" . }} -n {{ .Release.Namespace }} ${required}

   Optional keys, for the features that need them: ${optional}.
   Or copy dist/secrets.yaml.example from the repository to secrets.yaml, fill it in, and run
     kubectl apply -n {{ .Release.Namespace }} -f secrets.yaml
{{- else }}

1. The chart created the Secret "{{ include "${CHART_NAME}.secretName" . }}" from secrets.values.
{{- end }}

2. Watch the probes bring the pods up (the backend allows a 60 s database cold start):

     kubectl get pods -n {{ .Release.Namespace }} -l app.kubernetes.io/instance={{ .Release.Name }} -w

3. Open the app:
{{- if eq .Values.frontend.service.type "NodePort" }}

{{- if .Values.frontend.service.nodePort }}

     echo http://$(minikube ip):{{ .Values.frontend.service.nodePort }}
{{- else }}

   The cluster picked the node port (frontend.service.nodePort is null); this prints the URL:

     echo http://$(minikube ip):$(kubectl get svc ${objectName('frontend')} -n {{ .Release.Namespace }} -o jsonpath='{.spec.ports[0].nodePort}')
{{- end }}

   With minikube's docker driver (the default on macOS and Windows) the node IP is not reachable
   from the host; let minikube open a tunnel instead and use the URL it prints:

     minikube service ${objectName('frontend')} -n {{ .Release.Namespace }} --url

   With the qemu driver's builtin network (macOS) neither works; forward a port instead, then open
   http://localhost:{{ .Values.frontend.service.nodePort | default .Values.frontend.service.port }}:

     kubectl port-forward -n {{ .Release.Namespace }} svc/${objectName('frontend')} {{ .Values.frontend.service.nodePort | default .Values.frontend.service.port }}:{{ .Values.frontend.service.port }}
{{- else }}

     kubectl port-forward -n {{ .Release.Namespace }} svc/${objectName('frontend')} 3000:{{ .Values.frontend.service.port }}

   then open http://localhost:3000
{{- end }}

   The backend Service {{ .Values.backend.service.name }} is ClusterIP only: the browser cannot reach
   it; the frontend's server reaches it at http://{{ .Values.backend.service.name }}:{{ .Values.backend.service.port }}
   (env API_URL, and NEXT_PUBLIC_API_URL), so browser code must call the frontend's own /api/... routes.

4. Useful commands:

     kubectl logs -n {{ .Release.Namespace }} deploy/${objectName('backend')} -f
     kubectl logs -n {{ .Release.Namespace }} deploy/${objectName('frontend')} -f
     kubectl rollout status -n {{ .Release.Namespace }} deploy/${objectName('backend')}
     helm test {{ .Release.Name }} -n {{ .Release.Namespace }} --logs   # checks the backend's health through its Service
     kubectl describe pod -n {{ .Release.Namespace }} -l app.kubernetes.io/instance={{ .Release.Name }}
     helm upgrade {{ .Release.Name }} <chart> -n {{ .Release.Namespace }} --reset-then-reuse-values --set backend.image.tag=<new tag>   # Helm 3.14+

5. Another release in this namespace needs only its own backend.service.name and frontend.service.nodePort
   (every other name starts with its release name; its Secret is "<fullname>-secrets"); null lets the cluster pick the port:

     helm install <release> <chart> -n {{ .Release.Namespace }} --set backend.service.name=<release>-backend --set frontend.service.nodePort=null
`;
}
