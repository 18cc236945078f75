import { helmChartFiles, HelmChartSpec } from '../helm/helm-chart';
import { nameExpression, namedTemplates } from '../helm/names';
import { helmString } from '../helm/placeholders';
import { commonLabelsOf, ReleaseIdentity, selectorLabelsOf, TodoChatbotChart } from './chart';
import { NAME_RULES, objectNameRule } from './names';
import { validateTemplate } from './value-rules';
import { APP_VERSION, CHART_NAME, devValues, SECRET_KEYS, TodoChatbotValues, valuesModel } from './values';

/** The release as Helm sees it: every name and label comes from `_helpers.tpl` or the release. */
export const HELM_IDENTITY: ReleaseIdentity = {
  name: helmString(`include "${CHART_NAME}.name" .`),
  fullname: helmString(`include "${CHART_NAME}.fullname" .`),
  objectName: (suffix) => helmString(nameExpression(objectNameRule(suffix), CHART_NAME)),
  instance: helmString('.Release.Name'),
  version: helmString('.Chart.AppVersion'),
  managedBy: helmString('.Release.Service'),
  extraLabels: { 'helm.sh/chart': helmString(`include "${CHART_NAME}.chart" .`) },
};

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
      description: 'AI-Powered Todo Chatbot with Conversational Interface',
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

1. The backend reads the Secret "{{ .Values.secrets.existingSecret }}", which this chart does not create.
   Create it once (its pods wait in CreateContainerConfigError until it exists):

     kubectl create secret generic {{ .Values.secrets.existingSecret }} -n {{ .Release.Namespace }} ${required}

   Optional keys, for the features that need them: ${optional}.
   Or copy dist/secrets.yaml.example from the repository to secrets.yaml, fill it in, and run
     kubectl apply -n {{ .Release.Namespace }} -f secrets.yaml
{{- else }}

1. The chart created the Secret "{{ .Values.secrets.existingSecret }}" from secrets.values.
{{- end }}

2. Watch the probes bring the pods up (the backend allows a 60 s database cold start):

     kubectl get pods -n {{ .Release.Namespace }} -l app.kubernetes.io/instance={{ .Release.Name }} -w

3. Open the app:
{{- if eq .Values.frontend.service.type "NodePort" }}

     echo http://$(minikube ip):{{ .Values.frontend.service.nodePort }}

   With minikube's docker driver (the default on macOS and Windows) the node IP is not reachable
   from the host; let minikube open a tunnel instead and use the URL it prints:

     minikube service ${objectName('frontend')} -n {{ .Release.Namespace }} --url

   With the qemu driver's builtin network (macOS) neither works; forward a port instead, then open
   http://localhost:{{ .Values.frontend.service.nodePort }}:

     kubectl port-forward -n {{ .Release.Namespace }} svc/${objectName('frontend')} {{ .Values.frontend.service.nodePort }}:{{ .Values.frontend.service.port }}
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
     kubectl describe pod -n {{ .Release.Namespace }} -l app.kubernetes.io/instance={{ .Release.Name }}
     helm upgrade {{ .Release.Name }} <chart> -n {{ .Release.Namespace }} --reset-then-reuse-values --set backend.image.tag=<new tag>   # Helm 3.14+
`;
}
