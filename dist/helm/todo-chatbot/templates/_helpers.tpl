{{/*
Expand the name of the chart.
*/}}
{{- define "todo-chatbot.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Create a default fully qualified app name; object names are this plus a suffix, shortened so the suffix fits.
We truncate at 63 chars because some Kubernetes name fields are limited to this (by the DNS naming spec).
If release name contains chart name it will be used as a full name.
*/}}
{{- define "todo-chatbot.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else if contains (include "todo-chatbot.name" .) .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name (include "todo-chatbot.name" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{/*
Create chart name and version as used by the chart label.
*/}}
{{- define "todo-chatbot.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Create the name of the service account to use (the pods name it only when it is created or given).
*/}}
{{- define "todo-chatbot.serviceAccountName" -}}
{{- default (include "todo-chatbot.fullname" .) .Values.serviceAccount.name }}
{{- end }}

{{/*
The name of the Secret the backend reads: secrets.existingSecret, else "<fullname>-secrets", so two releases do not share one.
*/}}
{{- define "todo-chatbot.secretName" -}}
{{- default (printf "%s-secrets" (include "todo-chatbot.fullname" . | trunc 55 | trimSuffix "-")) .Values.secrets.existingSecret }}
{{- end }}

{{/*
Where users open the app: the Ingress host (https with a TLS Secret) when there is one, else the seed's http://localhost:30000.
*/}}
{{- define "todo-chatbot.frontendAddress" -}}
{{- if .Values.ingress.enabled }}
{{- printf "%s%s" (ternary "https://" "http://" (not (empty .Values.ingress.tlsSecretName))) .Values.ingress.host }}
{{- else }}
{{- "http://localhost:30000" }}
{{- end }}
{{- end }}

{{/*
CORS_ORIGINS of the backend: config.corsOrigins, else the frontend's address.
*/}}
{{- define "todo-chatbot.corsOrigins" -}}
{{- default (include "todo-chatbot.frontendAddress" .) .Values.config.corsOrigins }}
{{- end }}

{{/*
FRONTEND_URL of the backend: config.frontendUrl, else the frontend's address.
*/}}
{{- define "todo-chatbot.frontendUrl" -}}
{{- default (include "todo-chatbot.frontendAddress" .) .Values.config.frontendUrl }}
{{- end }}

{{/*
labels of every object (generated from the chart's constructs).
*/}}
{{- define "todo-chatbot.labels" -}}
helm.sh/chart: {{ include "todo-chatbot.chart" . | quote }}
app.kubernetes.io/name: {{ include "todo-chatbot.name" . | quote }}
app.kubernetes.io/instance: {{ .Release.Name | quote }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/part-of: todo-chatbot
app.kubernetes.io/managed-by: {{ .Release.Service | quote }}
{{- end }}

{{/*
selectorLabels of every object (generated from the chart's constructs).
*/}}
{{- define "todo-chatbot.selectorLabels" -}}
app.kubernetes.io/name: {{ include "todo-chatbot.name" . | quote }}
app.kubernetes.io/instance: {{ .Release.Name | quote }}
{{- end }}
