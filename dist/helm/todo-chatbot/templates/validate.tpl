{{- /*
Rules on the values that values.schema.json cannot state; the plain synthesis applies the same rules with the
same messages. Generated from lib/todo-chatbot/value-rules.ts. This template renders nothing; it defines the
warnings NOTES.txt prints.
*/}}
{{- define "todo-chatbot.quantityValue" -}}
{{- /* The numeric value of a Kubernetes quantity ("512Mi" is 536870912, "250m" is 0.25). */ -}}
{{- $number := regexFind "^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)" . -}}
{{- $suffix := trimPrefix $number . -}}
{{- if regexMatch "^[eE][+-]?[0-9]+$" $suffix -}}
{{- float64 (printf "%s%s" $number $suffix) -}}
{{- else -}}
{{- $factors := dict "n" 0.000000001 "u" 0.000001 "m" 0.001 "" 1 "k" 1000 "M" 1000000 "G" 1000000000 "T" 1000000000000 "P" 1000000000000000 "E" 1000000000000000000 "Ki" 1024 "Mi" 1048576 "Gi" 1073741824 "Ti" 1099511627776 "Pi" 1125899906842624 "Ei" 1152921504606846976 -}}
{{- mulf (float64 $number) (get $factors $suffix) -}}
{{- end -}}
{{- end -}}
{{- define "todo-chatbot.inSystemDirectory" -}}
{{- $path := . -}}
{{- range $dir := (list "/bin" "/boot" "/dev" "/etc" "/lib" "/lib32" "/lib64" "/proc" "/root" "/run" "/sbin" "/sys" "/usr" "/var/lib/containerd" "/var/lib/docker" "/var/lib/kubelet" "/var/log" "/var/run") -}}
{{- if or (eq $path $dir) (hasPrefix (printf "%s/" $dir) $path) }}true{{ break }}{{ end -}}
{{- end -}}
{{- end -}}
{{- define "todo-chatbot.warnings" -}}
{{- $warnings := list }}
{{- range $component := (list "backend" "frontend") }}
{{- $budget := (index $.Values $component).podDisruptionBudget }}
{{- if and $budget.enabled (eq (int $budget.maxUnavailable) 0) }}
{{- $warnings = append $warnings (printf "%s.podDisruptionBudget.maxUnavailable is 0: no voluntary disruption may take a %s pod, so kubectl drain (and a node upgrade) waits for ever; 1 lets one pod move at a time" $component $component) }}
{{- end }}
{{- end }}
{{- if eq (trim .Values.config.corsOrigins) "*" }}
{{- $warnings = append $warnings "config.corsOrigins \"*\" lets any web site call the API from its visitors' browsers: list the frontend's origins" }}
{{- end }}
{{- $registry := .Values.global.imageRegistry }}
{{- $registryHost := first (splitList "/" $registry) }}
{{- if and $registry (not (or (contains "." $registryHost) (contains ":" $registryHost) (eq $registryHost "localhost"))) }}
{{- $warnings = append $warnings (printf "global.imageRegistry %q is read as a Docker Hub namespace (docker.io/<it>/<repository>), not a registry host: a host has a \".\" or a port (registry.local, myregistry:5000), or is localhost" $registry) }}
{{- end }}
{{- range $component := (list "backend" "frontend") }}
{{- range $probe := (list "startup" "liveness" "readiness") }}
{{- $timing := index (index $.Values $component).probes $probe }}
{{- if gt (int $timing.timeoutSeconds) (int $timing.periodSeconds) }}
{{- $warnings = append $warnings (printf "%s.probes.%s.timeoutSeconds (%d) is longer than its periodSeconds (%d): a slow probe overlaps the next one" $component $probe (int $timing.timeoutSeconds) (int $timing.periodSeconds)) }}
{{- end }}
{{- end }}
{{- end }}
{{- range $i, $warning := $warnings }}{{ if $i }}{{ "\n" }}{{ end }}WARNING: {{ $warning }}{{ end }}
{{- end -}}
{{- $problems := list }}
{{- $frontendService := printf "%s-frontend" (include "todo-chatbot.fullname" . | trunc 54 | trimSuffix "-") }}
{{- if not (regexMatch "^([a-z0-9]([-a-z0-9]*[a-z0-9])?)?$" .Values.nameOverride) }}
{{- $problems = append $problems (printf "nameOverride must be empty or a DNS label (lower-case letters, digits and \"-\", starting and ending with a letter or digit, at most 63 characters), got %q" .Values.nameOverride) }}
{{- end }}
{{- if not (regexMatch "^([a-z0-9]([-a-z0-9]*[a-z0-9])?)?$" .Values.fullnameOverride) }}
{{- $problems = append $problems (printf "fullnameOverride must be empty or a DNS label (lower-case letters, digits and \"-\", starting and ending with a letter or digit, at most 63 characters), got %q" .Values.fullnameOverride) }}
{{- end }}
{{- if not (regexMatch "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*(:[0-9]+)?(/[a-z0-9]+(([._]|__|-+)[a-z0-9]+)*)*)?$" .Values.global.imageRegistry) }}
{{- $problems = append $problems (printf "global.imageRegistry must be empty or a registry host in lower case, with an optional port and path but no scheme and no trailing \"/\", such as \"registry.example.com:5000\", got %q" .Values.global.imageRegistry) }}
{{- end }}
{{- if not (regexMatch "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$" .Values.serviceAccount.name) }}
{{- $problems = append $problems (printf "serviceAccount.name must be empty or a DNS subdomain name (lower-case letters, digits, \"-\" and \".\", at most 253 characters), got %q" .Values.serviceAccount.name) }}
{{- end }}
{{- if not (regexMatch "^(((localhost|[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?(\\.[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)+)(:[0-9]+)?|[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?:[0-9]+)/)?[a-z0-9]+(([._]|__|-+)[a-z0-9]+)*(/[a-z0-9]+(([._]|__|-+)[a-z0-9]+)*)*$" .Values.backend.image.repository) }}
{{- $problems = append $problems (printf "backend.image.repository must be an image repository in lower case, without tag or digest, such as \"todo-backend\" or \"registry.local:5000/team/todo-backend\" (the tag goes in image.tag), got %q" .Values.backend.image.repository) }}
{{- end }}
{{- if not (regexMatch "^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$" .Values.backend.image.tag) }}
{{- $problems = append $problems (printf "backend.image.tag must be an image tag (letters, digits, \"_\", \".\" and \"-\", not starting with \".\" or \"-\", at most 128 characters), got %q" .Values.backend.image.tag) }}
{{- end }}
{{- if not (regexMatch "^(sha256:[a-f0-9]{64})?$" .Values.backend.image.digest) }}
{{- $problems = append $problems (printf "backend.image.digest must be empty or an image digest: \"sha256:\" and 64 lower-case hexadecimal digits, got %q" .Values.backend.image.digest) }}
{{- end }}
{{- if not (regexMatch "^[a-z]([-a-z0-9]*[a-z0-9])?$" .Values.backend.service.name) }}
{{- $problems = append $problems (printf "backend.service.name must be a Service name (lower-case letters, digits and \"-\", starting with a letter, at most 63 characters), got %q" .Values.backend.service.name) }}
{{- end }}
{{- if not (regexMatch "^\\+?([0-9]*[1-9][0-9]*(\\.[0-9]*)?|[0-9]*\\.[0-9]*[1-9][0-9]*)(([KMGTPE]i)|[numkMGTPE]|[eE][+-]?[0-9]+)?$" .Values.backend.resources.requests.cpu) }}
{{- $problems = append $problems (printf "backend.resources.requests.cpu must be a Kubernetes quantity above zero, quoted, such as \"250m\", \"0.5\", \"512Mi\" or \"1Gi\", got %q" .Values.backend.resources.requests.cpu) }}
{{- end }}
{{- if not (regexMatch "^\\+?([0-9]*[1-9][0-9]*(\\.[0-9]*)?|[0-9]*\\.[0-9]*[1-9][0-9]*)(([KMGTPE]i)|[numkMGTPE]|[eE][+-]?[0-9]+)?$" .Values.backend.resources.requests.memory) }}
{{- $problems = append $problems (printf "backend.resources.requests.memory must be a Kubernetes quantity above zero, quoted, such as \"250m\", \"0.5\", \"512Mi\" or \"1Gi\", got %q" .Values.backend.resources.requests.memory) }}
{{- end }}
{{- if not (regexMatch "^\\+?([0-9]*[1-9][0-9]*(\\.[0-9]*)?|[0-9]*\\.[0-9]*[1-9][0-9]*)(([KMGTPE]i)|[numkMGTPE]|[eE][+-]?[0-9]+)?$" .Values.backend.resources.limits.cpu) }}
{{- $problems = append $problems (printf "backend.resources.limits.cpu must be a Kubernetes quantity above zero, quoted, such as \"250m\", \"0.5\", \"512Mi\" or \"1Gi\", got %q" .Values.backend.resources.limits.cpu) }}
{{- end }}
{{- if not (regexMatch "^\\+?([0-9]*[1-9][0-9]*(\\.[0-9]*)?|[0-9]*\\.[0-9]*[1-9][0-9]*)(([KMGTPE]i)|[numkMGTPE]|[eE][+-]?[0-9]+)?$" .Values.backend.resources.limits.memory) }}
{{- $problems = append $problems (printf "backend.resources.limits.memory must be a Kubernetes quantity above zero, quoted, such as \"250m\", \"0.5\", \"512Mi\" or \"1Gi\", got %q" .Values.backend.resources.limits.memory) }}
{{- end }}
{{- if not (regexMatch "^/[^\\s]*$" .Values.backend.probes.path) }}
{{- $problems = append $problems (printf "backend.probes.path must be a URL path starting with \"/\", without white space, got %q" .Values.backend.probes.path) }}
{{- end }}
{{- if not (regexMatch "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$" .Values.backend.priorityClassName) }}
{{- $problems = append $problems (printf "backend.priorityClassName must be empty or a DNS subdomain name (lower-case letters, digits, \"-\" and \".\", at most 253 characters), got %q" .Values.backend.priorityClassName) }}
{{- end }}
{{- if not (regexMatch "^(/([A-Za-z0-9_-][A-Za-z0-9_.-]*|\\.[A-Za-z0-9_-][A-Za-z0-9_.-]*|\\.\\.[A-Za-z0-9_.-]+))+$" .Values.backend.uploadsPath) }}
{{- $problems = append $problems (printf "backend.uploadsPath must be an absolute, normalized path such as \"/app/uploads\" (letters, digits, \"_\", \".\" and \"-\"; no \".\" or \"..\" segment, no \"//\", no trailing \"/\"), got %q" .Values.backend.uploadsPath) }}
{{- end }}
{{- if not (regexMatch "^(((localhost|[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?(\\.[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)+)(:[0-9]+)?|[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?:[0-9]+)/)?[a-z0-9]+(([._]|__|-+)[a-z0-9]+)*(/[a-z0-9]+(([._]|__|-+)[a-z0-9]+)*)*$" .Values.frontend.image.repository) }}
{{- $problems = append $problems (printf "frontend.image.repository must be an image repository in lower case, without tag or digest, such as \"todo-backend\" or \"registry.local:5000/team/todo-backend\" (the tag goes in image.tag), got %q" .Values.frontend.image.repository) }}
{{- end }}
{{- if not (regexMatch "^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$" .Values.frontend.image.tag) }}
{{- $problems = append $problems (printf "frontend.image.tag must be an image tag (letters, digits, \"_\", \".\" and \"-\", not starting with \".\" or \"-\", at most 128 characters), got %q" .Values.frontend.image.tag) }}
{{- end }}
{{- if not (regexMatch "^(sha256:[a-f0-9]{64})?$" .Values.frontend.image.digest) }}
{{- $problems = append $problems (printf "frontend.image.digest must be empty or an image digest: \"sha256:\" and 64 lower-case hexadecimal digits, got %q" .Values.frontend.image.digest) }}
{{- end }}
{{- if not (regexMatch "^\\+?([0-9]*[1-9][0-9]*(\\.[0-9]*)?|[0-9]*\\.[0-9]*[1-9][0-9]*)(([KMGTPE]i)|[numkMGTPE]|[eE][+-]?[0-9]+)?$" .Values.frontend.resources.requests.cpu) }}
{{- $problems = append $problems (printf "frontend.resources.requests.cpu must be a Kubernetes quantity above zero, quoted, such as \"250m\", \"0.5\", \"512Mi\" or \"1Gi\", got %q" .Values.frontend.resources.requests.cpu) }}
{{- end }}
{{- if not (regexMatch "^\\+?([0-9]*[1-9][0-9]*(\\.[0-9]*)?|[0-9]*\\.[0-9]*[1-9][0-9]*)(([KMGTPE]i)|[numkMGTPE]|[eE][+-]?[0-9]+)?$" .Values.frontend.resources.requests.memory) }}
{{- $problems = append $problems (printf "frontend.resources.requests.memory must be a Kubernetes quantity above zero, quoted, such as \"250m\", \"0.5\", \"512Mi\" or \"1Gi\", got %q" .Values.frontend.resources.requests.memory) }}
{{- end }}
{{- if not (regexMatch "^\\+?([0-9]*[1-9][0-9]*(\\.[0-9]*)?|[0-9]*\\.[0-9]*[1-9][0-9]*)(([KMGTPE]i)|[numkMGTPE]|[eE][+-]?[0-9]+)?$" .Values.frontend.resources.limits.cpu) }}
{{- $problems = append $problems (printf "frontend.resources.limits.cpu must be a Kubernetes quantity above zero, quoted, such as \"250m\", \"0.5\", \"512Mi\" or \"1Gi\", got %q" .Values.frontend.resources.limits.cpu) }}
{{- end }}
{{- if not (regexMatch "^\\+?([0-9]*[1-9][0-9]*(\\.[0-9]*)?|[0-9]*\\.[0-9]*[1-9][0-9]*)(([KMGTPE]i)|[numkMGTPE]|[eE][+-]?[0-9]+)?$" .Values.frontend.resources.limits.memory) }}
{{- $problems = append $problems (printf "frontend.resources.limits.memory must be a Kubernetes quantity above zero, quoted, such as \"250m\", \"0.5\", \"512Mi\" or \"1Gi\", got %q" .Values.frontend.resources.limits.memory) }}
{{- end }}
{{- if not (regexMatch "^/[^\\s]*$" .Values.frontend.probes.path) }}
{{- $problems = append $problems (printf "frontend.probes.path must be a URL path starting with \"/\", without white space, got %q" .Values.frontend.probes.path) }}
{{- end }}
{{- if not (regexMatch "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$" .Values.frontend.priorityClassName) }}
{{- $problems = append $problems (printf "frontend.priorityClassName must be empty or a DNS subdomain name (lower-case letters, digits, \"-\" and \".\", at most 253 characters), got %q" .Values.frontend.priorityClassName) }}
{{- end }}
{{- if not (regexMatch "^(\\*|https?://([a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?(\\.[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?)*|\\[[0-9a-fA-F:.]+\\])(:[0-9]{1,5})?(\\s*,\\s*https?://([a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?(\\.[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?)*|\\[[0-9a-fA-F:.]+\\])(:[0-9]{1,5})?)*)?$" .Values.config.corsOrigins) }}
{{- $problems = append $problems (printf "config.corsOrigins must be empty (the frontend's address), \"*\", or comma-separated origins such as \"http://localhost:30000,https://todo.example.com\": a scheme, a host and an optional port, with no path and no trailing \"/\" (a browser's Origin has none, so such an entry never matches), got %q" .Values.config.corsOrigins) }}
{{- end }}
{{- if not (regexMatch "^(https?://([a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?(\\.[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?)*|\\[[0-9a-fA-F:.]+\\])(:[0-9]{1,5})?(/[^\\s]*)?)?$" .Values.config.frontendUrl) }}
{{- $problems = append $problems (printf "config.frontendUrl must be empty (the frontend's address) or an http:// or https:// URL such as \"https://todo.example.com\", got %q" .Values.config.frontendUrl) }}
{{- end }}
{{- if not (regexMatch "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$" .Values.ingress.className) }}
{{- $problems = append $problems (printf "ingress.className must be empty or a DNS subdomain name (lower-case letters, digits, \"-\" and \".\", at most 253 characters), got %q" .Values.ingress.className) }}
{{- end }}
{{- if not (regexMatch "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$" .Values.ingress.tlsSecretName) }}
{{- $problems = append $problems (printf "ingress.tlsSecretName must be empty or a DNS subdomain name (lower-case letters, digits, \"-\" and \".\", at most 253 characters), got %q" .Values.ingress.tlsSecretName) }}
{{- end }}
{{- if not (regexMatch "^\\+?([0-9]*[1-9][0-9]*(\\.[0-9]*)?|[0-9]*\\.[0-9]*[1-9][0-9]*)(([KMGTPE]i)|[numkMGTPE]|[eE][+-]?[0-9]+)?$" .Values.persistence.size) }}
{{- $problems = append $problems (printf "persistence.size must be a Kubernetes quantity above zero, quoted, such as \"250m\", \"0.5\", \"512Mi\" or \"1Gi\", got %q" .Values.persistence.size) }}
{{- end }}
{{- if not (regexMatch "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$" .Values.persistence.existingClaim) }}
{{- $problems = append $problems (printf "persistence.existingClaim must be empty or a DNS subdomain name (lower-case letters, digits, \"-\" and \".\", at most 253 characters), got %q" .Values.persistence.existingClaim) }}
{{- end }}
{{- if not (regexMatch "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$" .Values.persistence.storageClass) }}
{{- $problems = append $problems (printf "persistence.storageClass must be empty (the cluster's default StorageClass) or a StorageClass name (a DNS subdomain: dot-separated parts of lower-case letters, digits and \"-\", each starting and ending with a letter or digit, at most 253 characters), got %q" .Values.persistence.storageClass) }}
{{- end }}
{{- if not (regexMatch "^(/([A-Za-z0-9_-][A-Za-z0-9_.-]*|\\.[A-Za-z0-9_-][A-Za-z0-9_.-]*|\\.\\.[A-Za-z0-9_.-]+))+$" .Values.persistence.hostPath) }}
{{- $problems = append $problems (printf "persistence.hostPath must be an absolute, normalized path such as \"/app/uploads\" (letters, digits, \"_\", \".\" and \"-\"; no \".\" or \"..\" segment, no \"//\", no trailing \"/\"), got %q" .Values.persistence.hostPath) }}
{{- end }}
{{- if not (regexMatch "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$" .Values.secrets.existingSecret) }}
{{- $problems = append $problems (printf "secrets.existingSecret must be empty or a DNS subdomain name (lower-case letters, digits, \"-\" and \".\", at most 253 characters), got %q" .Values.secrets.existingSecret) }}
{{- end }}
{{- range $component := (list "backend" "frontend") }}
{{- range $key, $value := (index $.Values $component).nodeSelector }}
{{- if not (and (regexMatch "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$" $key) (regexMatch "^([^/]{1,253}/)?[^/]*$" $key)) }}
{{- $problems = append $problems (printf "%s.nodeSelector keys must be a label key (an optional DNS subdomain of at most 253 characters and \"/\", then at most 63 letters, digits, \"-\", \"_\" and \".\", starting and ending with a letter or digit), got %q" $component $key) }}
{{- end }}
{{- if not (regexMatch "^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$" $value) }}
{{- $problems = append $problems (printf "%s.nodeSelector[%q] must be a label value (empty, or at most 63 letters, digits, \"-\", \"_\" and \".\", starting and ending with a letter or digit), got %q" $component $key $value) }}
{{- end }}
{{- end }}
{{- end }}
{{- if .Values.ingress.enabled }}
{{- $ingressAnnotationBytes := 0 }}
{{- range $key, $value := .Values.ingress.annotations }}
{{- $ingressAnnotationBytes = add $ingressAnnotationBytes (len $key) (len $value) }}
{{- if not (and (regexMatch "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$" $key) (regexMatch "^([^/]{1,253}/)?[^/]*$" $key)) }}
{{- $problems = append $problems (printf "ingress.annotations keys must be a label key (an optional DNS subdomain of at most 253 characters and \"/\", then at most 63 letters, digits, \"-\", \"_\" and \".\", starting and ending with a letter or digit), got %q" $key) }}
{{- end }}
{{- end }}
{{- if gt (int $ingressAnnotationBytes) 262144 }}
{{- $problems = append $problems (printf "ingress.annotations hold %d bytes, above the 262144 bytes (256 KiB) Kubernetes allows an object's annotations" (int $ingressAnnotationBytes)) }}
{{- end }}
{{- end }}
{{- if and .Values.ingress.enabled (regexMatch "^[0-9]{1,3}(\\.[0-9]{1,3}){3}$" .Values.ingress.host) }}
{{- $problems = append $problems (printf "ingress.host %q is an IP address: an Ingress host must be a DNS name" .Values.ingress.host) }}
{{- end }}
{{- range $component := (list "backend" "frontend") }}
{{- range $i, $toleration := (index $.Values $component).tolerations }}
{{- $key := $toleration.key | default "" }}
{{- $operator := $toleration.operator | default "" }}
{{- $value := $toleration.value | default "" }}
{{- if and $key (not (and (regexMatch "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$" $key) (regexMatch "^([^/]{1,253}/)?[^/]*$" $key))) }}
{{- $problems = append $problems (printf "%s.tolerations[%d].key must be a label key (an optional DNS subdomain of at most 253 characters and \"/\", then at most 63 letters, digits, \"-\", \"_\" and \".\", starting and ending with a letter or digit), got %q" $component $i $key) }}
{{- end }}
{{- if and (not $key) (ne $operator "Exists") }}
{{- $problems = append $problems (printf "%s.tolerations[%d]: an empty key (every taint) needs operator Exists" $component $i) }}
{{- end }}
{{- if and (eq $operator "Exists") $value }}
{{- $problems = append $problems (printf "%s.tolerations[%d].value must be empty with operator Exists, got %q" $component $i $value) }}
{{- end }}
{{- if and (ne $operator "Exists") (not (regexMatch "^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$" $value)) }}
{{- $problems = append $problems (printf "%s.tolerations[%d].value must be a label value (empty, or at most 63 letters, digits, \"-\", \"_\" and \".\", starting and ending with a letter or digit), got %q" $component $i $value) }}
{{- end }}
{{- if and (hasKey $toleration "tolerationSeconds") (ne ($toleration.effect | default "") "NoExecute") }}
{{- $problems = append $problems (printf "%s.tolerations[%d].tolerationSeconds applies only to effect NoExecute, got effect %q" $component $i ($toleration.effect | default "")) }}
{{- end }}
{{- end }}
{{- end }}
{{- range $component := (list "backend" "frontend") }}
{{- $constraints := (index $.Values $component).topologySpreadConstraints }}
{{- range $i, $constraint := $constraints }}
{{- if and (hasKey $constraint "minDomains") (ne $constraint.whenUnsatisfiable "DoNotSchedule") }}
{{- $problems = append $problems (printf "%s.topologySpreadConstraints[%d].minDomains applies only with whenUnsatisfiable DoNotSchedule, got whenUnsatisfiable %q" $component $i $constraint.whenUnsatisfiable) }}
{{- end }}
{{- $first := -1 }}
{{- range $j, $other := $constraints }}
{{- if and (lt $j $i) (eq $first -1) (eq $other.topologyKey $constraint.topologyKey) (eq $other.whenUnsatisfiable $constraint.whenUnsatisfiable) }}{{ $first = $j }}{{ end }}
{{- end }}
{{- if ge $first 0 }}
{{- $problems = append $problems (printf "%s.topologySpreadConstraints[%d] repeats topologyKey %q with whenUnsatisfiable %q of [%d]: Kubernetes takes one constraint per pair" $component $i $constraint.topologyKey $constraint.whenUnsatisfiable $first) }}
{{- end }}
{{- $keys := $constraint.matchLabelKeys | default list }}
{{- if and $keys (not (hasKey $constraint "labelSelector")) }}
{{- $problems = append $problems (printf "%s.topologySpreadConstraints[%d].matchLabelKeys needs a labelSelector: Kubernetes refuses them without one" $component $i) }}
{{- else }}
{{- $selected := list }}
{{- with $constraint.labelSelector }}
{{- range $key, $value := .matchLabels }}{{ $selected = append $selected $key }}{{ end }}
{{- range $expression := .matchExpressions }}{{ $selected = append $selected $expression.key }}{{ end }}
{{- end }}
{{- range $k, $key := $keys }}
{{- if has $key $selected }}
{{- $problems = append $problems (printf "%s.topologySpreadConstraints[%d].matchLabelKeys[%d] %q is a key of its labelSelector too: Kubernetes refuses a key in both" $component $i $k $key) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- if not $problems }}
{{- range $key, $value := .Values.commonLabels }}
{{- if not (and (regexMatch "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$" $key) (regexMatch "^([^/]{1,253}/)?[^/]*$" $key)) }}
{{- $problems = append $problems (printf "commonLabels keys must be a label key (an optional DNS subdomain of at most 253 characters and \"/\", then at most 63 letters, digits, \"-\", \"_\" and \".\", starting and ending with a letter or digit), got %q" $key) }}
{{- else if has $key (list "app.kubernetes.io/name" "app.kubernetes.io/instance" "app.kubernetes.io/version" "app.kubernetes.io/part-of" "app.kubernetes.io/managed-by" "app.kubernetes.io/component" "helm.sh/chart") }}
{{- $problems = append $problems (printf "commonLabels.%s is a label the chart sets itself (app.kubernetes.io/name, app.kubernetes.io/instance, app.kubernetes.io/version, app.kubernetes.io/part-of, app.kubernetes.io/managed-by, app.kubernetes.io/component, helm.sh/chart), which selects or describes the release's objects" $key) }}
{{- else if not (regexMatch "^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$" $value) }}
{{- $problems = append $problems (printf "commonLabels.%s must be a label value (empty, or at most 63 letters, digits, \"-\", \"_\" and \".\", starting and ending with a letter or digit), got %q" $key $value) }}
{{- end }}
{{- end }}
{{- range $key, $value := .Values.backend.podLabels }}
{{- if not (and (regexMatch "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$" $key) (regexMatch "^([^/]{1,253}/)?[^/]*$" $key)) }}
{{- $problems = append $problems (printf "backend.podLabels keys must be a label key (an optional DNS subdomain of at most 253 characters and \"/\", then at most 63 letters, digits, \"-\", \"_\" and \".\", starting and ending with a letter or digit), got %q" $key) }}
{{- else if has $key (list "app.kubernetes.io/name" "app.kubernetes.io/instance" "app.kubernetes.io/version" "app.kubernetes.io/part-of" "app.kubernetes.io/managed-by" "app.kubernetes.io/component" "helm.sh/chart") }}
{{- $problems = append $problems (printf "backend.podLabels.%s is a label the chart sets itself (app.kubernetes.io/name, app.kubernetes.io/instance, app.kubernetes.io/version, app.kubernetes.io/part-of, app.kubernetes.io/managed-by, app.kubernetes.io/component, helm.sh/chart), which selects or describes the release's objects" $key) }}
{{- else if hasKey $.Values.commonLabels $key }}
{{- $problems = append $problems (printf "backend.podLabels.%s is set in commonLabels too: set it in one of them" $key) }}
{{- else if not (regexMatch "^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$" $value) }}
{{- $problems = append $problems (printf "backend.podLabels.%s must be a label value (empty, or at most 63 letters, digits, \"-\", \"_\" and \".\", starting and ending with a letter or digit), got %q" $key $value) }}
{{- end }}
{{- end }}
{{- $annotationBytes := 0 }}
{{- range $key, $value := .Values.backend.podAnnotations }}
{{- $annotationBytes = add $annotationBytes (len $key) (len $value) }}
{{- if not (and (regexMatch "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$" $key) (regexMatch "^([^/]{1,253}/)?[^/]*$" $key)) }}
{{- $problems = append $problems (printf "backend.podAnnotations keys must be an annotation key (an optional DNS subdomain of at most 253 characters and \"/\", then at most 63 letters, digits, \"-\", \"_\" and \".\", starting and ending with a letter or digit), got %q" $key) }}
{{- else if has $key (list "checksum/config" "checksum/secret") }}
{{- $problems = append $problems (printf "backend.podAnnotations.%s is the chart's own annotation (checksum/config, checksum/secret), which rolls the pods when the config or the chart-created Secret changes" $key) }}
{{- end }}
{{- end }}
{{- if gt (add $annotationBytes 158) 262144 }}
{{- $problems = append $problems (printf "backend.podAnnotations hold %d bytes: with the chart's own (158 bytes) the pods' annotations would exceed the 262144 bytes (256 KiB) Kubernetes allows" (int $annotationBytes)) }}
{{- end }}
{{- $envSeen := dict }}
{{- range $i, $var := .Values.backend.extraEnv }}
{{- if not (regexMatch "^[A-Za-z_][A-Za-z0-9_]*$" $var.name) }}
{{- $problems = append $problems (printf "backend.extraEnv[%d].name must be an environment variable name (letters, digits and \"_\", not starting with a digit), got %q" $i $var.name) }}
{{- else if has $var.name (list "CORS_ORIGINS" "ENVIRONMENT" "FRONTEND_URL" "LOG_LEVEL" "MCP_SERVER_NAME" "MCP_SERVER_PORT" "DATABASE_URL" "JWT_SECRET" "OPENAI_API_KEY" "GEMINI_API_KEY" "CLOUDINARY_CLOUD_NAME" "CLOUDINARY_API_KEY" "CLOUDINARY_API_SECRET" "GMAIL_EMAIL" "GMAIL_APP_PASSWORD") }}
{{- $problems = append $problems (printf "backend.extraEnv[%d].name %q is a variable the chart sets itself (CORS_ORIGINS, ENVIRONMENT, FRONTEND_URL, LOG_LEVEL, MCP_SERVER_NAME, MCP_SERVER_PORT, DATABASE_URL, JWT_SECRET, OPENAI_API_KEY, GEMINI_API_KEY, CLOUDINARY_CLOUD_NAME, CLOUDINARY_API_KEY, CLOUDINARY_API_SECRET, GMAIL_EMAIL, GMAIL_APP_PASSWORD): the container would see only one of the two values" $i $var.name) }}
{{- else if hasKey $envSeen $var.name }}
{{- $problems = append $problems (printf "backend.extraEnv[%d].name %q is set by backend.extraEnv[%d] too: the container would see only one of the two values" $i $var.name (index $envSeen $var.name)) }}
{{- end }}
{{- $_ := set $envSeen $var.name $i }}
{{- end }}
{{- $volumes := (list "tmp" "uploads") }}
{{- range $i, $volume := .Values.backend.extraVolumes }}
{{- if not (and (regexMatch "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$" $volume.name) (le (len $volume.name) 63)) }}
{{- $problems = append $problems (printf "backend.extraVolumes[%d].name must be a DNS label (lower-case letters, digits and \"-\", at most 63 characters), got %q" $i $volume.name) }}
{{- else if has $volume.name $volumes }}
{{- $problems = append $problems (printf "backend.extraVolumes[%d].name %q is already the name of a volume of the backend pods (%s)" $i $volume.name (join ", " $volumes)) }}
{{- end }}
{{- $volumes = append $volumes $volume.name }}
{{- end }}
{{- $paths := concat (list "/tmp") (list .Values.backend.uploadsPath) }}
{{- range $i, $mount := .Values.backend.extraVolumeMounts }}
{{- if not (hasPrefix "/" $mount.mountPath) }}
{{- $problems = append $problems (printf "backend.extraVolumeMounts[%d].mountPath must be an absolute path, got %q" $i $mount.mountPath) }}
{{- else if has $mount.mountPath $paths }}
{{- $problems = append $problems (printf "backend.extraVolumeMounts[%d].mountPath %q is already a mount path of the backend container (%s): Kubernetes refuses two volumes at one path" $i $mount.mountPath (join ", " $paths)) }}
{{- end }}
{{- $paths = append $paths $mount.mountPath }}
{{- if not (has $mount.name $volumes) }}
{{- $problems = append $problems (printf "backend.extraVolumeMounts[%d].name %q names no volume of the backend pods (%s)" $i $mount.name (join ", " $volumes)) }}
{{- end }}
{{- end }}
{{- range $i, $var := .Values.backend.extraEnv }}
{{- if hasKey $var "valueFrom" }}
{{- $from := $var.valueFrom }}
{{- $sources := 0 }}
{{- range $source := (list "configMapKeyRef" "fieldRef" "resourceFieldRef" "secretKeyRef") }}{{ if hasKey $from $source }}{{ $sources = add1 $sources }}{{ end }}{{ end }}
{{- if ne ($var.value | default "") "" }}
{{- $problems = append $problems (printf "backend.extraEnv[%d].valueFrom cannot go with a value that is not empty: give one of them" $i) }}
{{- else if ne (int $sources) 1 }}
{{- $problems = append $problems (printf "backend.extraEnv[%d].valueFrom must give exactly one of configMapKeyRef, fieldRef, resourceFieldRef, secretKeyRef, got %d" $i (int $sources)) }}
{{- end }}
{{- range $source := (list "configMapKeyRef" "secretKeyRef") }}
{{- if hasKey $from $source }}
{{- $ref := index $from $source }}
{{- $name := $ref.name | default "" }}
{{- if not (and (regexMatch "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$" $name) (le (len $name) 253)) }}
{{- $problems = append $problems (printf "backend.extraEnv[%d].valueFrom.%s.name must be a DNS subdomain name (lower-case letters, digits, \"-\" and \".\", at most 253 characters), got %q" $i $source $name) }}
{{- end }}
{{- if not (and (regexMatch "^[-._a-zA-Z0-9]+$" $ref.key) (le (len $ref.key) 253)) }}
{{- $problems = append $problems (printf "backend.extraEnv[%d].valueFrom.%s.key must be a key of a ConfigMap or Secret (letters, digits, \"-\", \"_\" and \".\", at most 253 characters), got %q" $i $source $ref.key) }}
{{- end }}
{{- end }}
{{- end }}
{{- with $from.fieldRef }}
{{- $path := .fieldPath }}
{{- $ok := has $path (list "metadata.name" "metadata.namespace" "metadata.uid" "spec.nodeName" "spec.serviceAccountName" "status.hostIP" "status.hostIPs" "status.podIP" "status.podIPs") }}
{{- $subscript := regexFind "^metadata\\.(labels|annotations)\\['([^']*)'\\]$" $path }}
{{- if $subscript }}
{{- $key := regexReplaceAll "^metadata\\.(labels|annotations)\\['([^']*)'\\]$" $path "$2" }}
{{- if hasPrefix "metadata.annotations" $path }}{{ $key = lower $key }}{{ end }}
{{- $ok = (and (regexMatch "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$" $key) (regexMatch "^([^/]{1,253}/)?[^/]*$" $key)) }}
{{- end }}
{{- if not $ok }}
{{- $problems = append $problems (printf "backend.extraEnv[%d].valueFrom.fieldRef.fieldPath must be one of metadata.name, metadata.namespace, metadata.uid, spec.nodeName, spec.serviceAccountName, status.hostIP, status.hostIPs, status.podIP, status.podIPs, or metadata.labels['KEY'] or metadata.annotations['KEY'] with KEY a label key, got %q" $i $path) }}
{{- end }}
{{- end }}
{{- with $from.resourceFieldRef }}
{{- if not (has .resource (list "limits.cpu" "limits.memory" "limits.ephemeral-storage" "requests.cpu" "requests.memory" "requests.ephemeral-storage")) }}
{{- $problems = append $problems (printf "backend.extraEnv[%d].valueFrom.resourceFieldRef.resource must be one of limits.cpu, limits.memory, limits.ephemeral-storage, requests.cpu, requests.memory, requests.ephemeral-storage, got %q" $i .resource) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- range $i, $source := .Values.backend.extraEnvFrom }}
{{- $given := list }}
{{- range $k := (list "configMapRef" "secretRef") }}{{ if hasKey $source $k }}{{ $given = append $given $k }}{{ end }}{{ end }}
{{- if ne (len $given) 1 }}
{{- $problems = append $problems (printf "backend.extraEnvFrom[%d] must give exactly one of configMapRef, secretRef, got %d" $i (len $given)) }}
{{- end }}
{{- range $k := $given }}
{{- $name := (index $source $k).name | default "" }}
{{- if not (and (regexMatch "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$" $name) (le (len $name) 253)) }}
{{- $problems = append $problems (printf "backend.extraEnvFrom[%d].%s.name must be a DNS subdomain name (lower-case letters, digits, \"-\" and \".\", at most 253 characters), got %q" $i $k $name) }}
{{- end }}
{{- end }}
{{- end }}
{{- range $i, $volume := .Values.backend.extraVolumes }}
{{- $sources := without (keys $volume | sortAlpha) "name" }}
{{- if gt (len $sources) 1 }}
{{- $problems = append $problems (printf "backend.extraVolumes[%d] must give one volume source, got %s" $i (join ", " $sources)) }}
{{- end }}
{{- with $volume.hostPath }}
{{- if not (regexMatch "^(/([A-Za-z0-9_-][A-Za-z0-9_.-]*|\\.[A-Za-z0-9_-][A-Za-z0-9_.-]*|\\.\\.[A-Za-z0-9_.-]+))+$" .path) }}
{{- $problems = append $problems (printf "backend.extraVolumes[%d].hostPath.path must be an absolute, normalized path such as \"/app/uploads\" (letters, digits, \"_\", \".\" and \"-\"; no \".\" or \"..\" segment, no \"//\", no trailing \"/\"), got %q" $i .path) }}
{{- else if or (lt (len (splitList "/" .path)) 3) (include "todo-chatbot.inSystemDirectory" .path) }}
{{- $problems = append $problems (printf "backend.extraVolumes[%d].hostPath.path %q is not a directory of its own: it must be at least two levels below / (such as /mnt/data/uploads) and outside the node's system directories (/bin, /boot, /dev, /etc, /lib, /lib32, /lib64, /proc, /root, /run, /sbin, /sys, /usr, /var/lib/containerd, /var/lib/docker, /var/lib/kubelet, /var/log, /var/run)" $i .path) }}
{{- end }}
{{- end }}
{{- if and $volume.emptyDir (hasKey $volume.emptyDir "sizeLimit") }}
{{- $size := toString $volume.emptyDir.sizeLimit }}
{{- if or (not (regexMatch "^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(([KMGTPE]i)|[numkMGTPE]|[eE][+-]?[0-9]+)?$" $size)) (regexMatch "^-.*[1-9]" $size) }}
{{- $problems = append $problems (printf "backend.extraVolumes[%d].emptyDir.sizeLimit must be a quantity of at least 0 (such as 1Gi), got %q" $i $size) }}
{{- end }}
{{- end }}
{{- end }}
{{- range $i, $mount := .Values.backend.extraVolumeMounts }}
{{- range $field := list "subPath" "subPathExpr" }}
{{- $path := index $mount $field | default "" }}
{{- if and $path (or (hasPrefix "/" $path) (has ".." (splitList "/" $path))) }}
{{- $problems = append $problems (printf "backend.extraVolumeMounts[%d].%s must be a relative path without \"..\", got %q" $i $field $path) }}
{{- end }}
{{- end }}
{{- if and ($mount.subPath | default "") ($mount.subPathExpr | default "") }}
{{- $problems = append $problems (printf "backend.extraVolumeMounts[%d]: give subPath or subPathExpr, not both" $i) }}
{{- end }}
{{- if and (hasKey $mount "mountPropagation") (not (has $mount.mountPropagation (list "None" "HostToContainer"))) }}
{{- $problems = append $problems (printf "backend.extraVolumeMounts[%d].mountPropagation must be None or HostToContainer (Bidirectional needs a privileged container, which the chart's are never), got %q" $i $mount.mountPropagation) }}
{{- end }}
{{- end }}
{{- range $key, $value := .Values.frontend.podLabels }}
{{- if not (and (regexMatch "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$" $key) (regexMatch "^([^/]{1,253}/)?[^/]*$" $key)) }}
{{- $problems = append $problems (printf "frontend.podLabels keys must be a label key (an optional DNS subdomain of at most 253 characters and \"/\", then at most 63 letters, digits, \"-\", \"_\" and \".\", starting and ending with a letter or digit), got %q" $key) }}
{{- else if has $key (list "app.kubernetes.io/name" "app.kubernetes.io/instance" "app.kubernetes.io/version" "app.kubernetes.io/part-of" "app.kubernetes.io/managed-by" "app.kubernetes.io/component" "helm.sh/chart") }}
{{- $problems = append $problems (printf "frontend.podLabels.%s is a label the chart sets itself (app.kubernetes.io/name, app.kubernetes.io/instance, app.kubernetes.io/version, app.kubernetes.io/part-of, app.kubernetes.io/managed-by, app.kubernetes.io/component, helm.sh/chart), which selects or describes the release's objects" $key) }}
{{- else if hasKey $.Values.commonLabels $key }}
{{- $problems = append $problems (printf "frontend.podLabels.%s is set in commonLabels too: set it in one of them" $key) }}
{{- else if not (regexMatch "^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$" $value) }}
{{- $problems = append $problems (printf "frontend.podLabels.%s must be a label value (empty, or at most 63 letters, digits, \"-\", \"_\" and \".\", starting and ending with a letter or digit), got %q" $key $value) }}
{{- end }}
{{- end }}
{{- $annotationBytes := 0 }}
{{- range $key, $value := .Values.frontend.podAnnotations }}
{{- $annotationBytes = add $annotationBytes (len $key) (len $value) }}
{{- if not (and (regexMatch "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$" $key) (regexMatch "^([^/]{1,253}/)?[^/]*$" $key)) }}
{{- $problems = append $problems (printf "frontend.podAnnotations keys must be an annotation key (an optional DNS subdomain of at most 253 characters and \"/\", then at most 63 letters, digits, \"-\", \"_\" and \".\", starting and ending with a letter or digit), got %q" $key) }}
{{- else if has $key (list "checksum/config" "checksum/secret") }}
{{- $problems = append $problems (printf "frontend.podAnnotations.%s is the chart's own annotation (checksum/config, checksum/secret), which rolls the pods when the config or the chart-created Secret changes" $key) }}
{{- end }}
{{- end }}
{{- if gt (add $annotationBytes 158) 262144 }}
{{- $problems = append $problems (printf "frontend.podAnnotations hold %d bytes: with the chart's own (158 bytes) the pods' annotations would exceed the 262144 bytes (256 KiB) Kubernetes allows" (int $annotationBytes)) }}
{{- end }}
{{- $envSeen := dict }}
{{- range $i, $var := .Values.frontend.extraEnv }}
{{- if not (regexMatch "^[A-Za-z_][A-Za-z0-9_]*$" $var.name) }}
{{- $problems = append $problems (printf "frontend.extraEnv[%d].name must be an environment variable name (letters, digits and \"_\", not starting with a digit), got %q" $i $var.name) }}
{{- else if has $var.name (list "API_URL" "HOSTNAME" "PORT" "NEXT_PUBLIC_API_URL") }}
{{- $problems = append $problems (printf "frontend.extraEnv[%d].name %q is a variable the chart sets itself (API_URL, HOSTNAME, PORT, NEXT_PUBLIC_API_URL): the container would see only one of the two values" $i $var.name) }}
{{- else if hasKey $envSeen $var.name }}
{{- $problems = append $problems (printf "frontend.extraEnv[%d].name %q is set by frontend.extraEnv[%d] too: the container would see only one of the two values" $i $var.name (index $envSeen $var.name)) }}
{{- end }}
{{- $_ := set $envSeen $var.name $i }}
{{- end }}
{{- $volumes := (list "app-next-cache" "tmp") }}
{{- range $i, $volume := .Values.frontend.extraVolumes }}
{{- if not (and (regexMatch "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$" $volume.name) (le (len $volume.name) 63)) }}
{{- $problems = append $problems (printf "frontend.extraVolumes[%d].name must be a DNS label (lower-case letters, digits and \"-\", at most 63 characters), got %q" $i $volume.name) }}
{{- else if has $volume.name $volumes }}
{{- $problems = append $problems (printf "frontend.extraVolumes[%d].name %q is already the name of a volume of the frontend pods (%s)" $i $volume.name (join ", " $volumes)) }}
{{- end }}
{{- $volumes = append $volumes $volume.name }}
{{- end }}
{{- $paths := (list "/app/.next/cache" "/tmp") }}
{{- range $i, $mount := .Values.frontend.extraVolumeMounts }}
{{- if not (hasPrefix "/" $mount.mountPath) }}
{{- $problems = append $problems (printf "frontend.extraVolumeMounts[%d].mountPath must be an absolute path, got %q" $i $mount.mountPath) }}
{{- else if has $mount.mountPath $paths }}
{{- $problems = append $problems (printf "frontend.extraVolumeMounts[%d].mountPath %q is already a mount path of the frontend container (%s): Kubernetes refuses two volumes at one path" $i $mount.mountPath (join ", " $paths)) }}
{{- end }}
{{- $paths = append $paths $mount.mountPath }}
{{- if not (has $mount.name $volumes) }}
{{- $problems = append $problems (printf "frontend.extraVolumeMounts[%d].name %q names no volume of the frontend pods (%s)" $i $mount.name (join ", " $volumes)) }}
{{- end }}
{{- end }}
{{- range $i, $var := .Values.frontend.extraEnv }}
{{- if hasKey $var "valueFrom" }}
{{- $from := $var.valueFrom }}
{{- $sources := 0 }}
{{- range $source := (list "configMapKeyRef" "fieldRef" "resourceFieldRef" "secretKeyRef") }}{{ if hasKey $from $source }}{{ $sources = add1 $sources }}{{ end }}{{ end }}
{{- if ne ($var.value | default "") "" }}
{{- $problems = append $problems (printf "frontend.extraEnv[%d].valueFrom cannot go with a value that is not empty: give one of them" $i) }}
{{- else if ne (int $sources) 1 }}
{{- $problems = append $problems (printf "frontend.extraEnv[%d].valueFrom must give exactly one of configMapKeyRef, fieldRef, resourceFieldRef, secretKeyRef, got %d" $i (int $sources)) }}
{{- end }}
{{- range $source := (list "configMapKeyRef" "secretKeyRef") }}
{{- if hasKey $from $source }}
{{- $ref := index $from $source }}
{{- $name := $ref.name | default "" }}
{{- if not (and (regexMatch "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$" $name) (le (len $name) 253)) }}
{{- $problems = append $problems (printf "frontend.extraEnv[%d].valueFrom.%s.name must be a DNS subdomain name (lower-case letters, digits, \"-\" and \".\", at most 253 characters), got %q" $i $source $name) }}
{{- end }}
{{- if not (and (regexMatch "^[-._a-zA-Z0-9]+$" $ref.key) (le (len $ref.key) 253)) }}
{{- $problems = append $problems (printf "frontend.extraEnv[%d].valueFrom.%s.key must be a key of a ConfigMap or Secret (letters, digits, \"-\", \"_\" and \".\", at most 253 characters), got %q" $i $source $ref.key) }}
{{- end }}
{{- end }}
{{- end }}
{{- with $from.fieldRef }}
{{- $path := .fieldPath }}
{{- $ok := has $path (list "metadata.name" "metadata.namespace" "metadata.uid" "spec.nodeName" "spec.serviceAccountName" "status.hostIP" "status.hostIPs" "status.podIP" "status.podIPs") }}
{{- $subscript := regexFind "^metadata\\.(labels|annotations)\\['([^']*)'\\]$" $path }}
{{- if $subscript }}
{{- $key := regexReplaceAll "^metadata\\.(labels|annotations)\\['([^']*)'\\]$" $path "$2" }}
{{- if hasPrefix "metadata.annotations" $path }}{{ $key = lower $key }}{{ end }}
{{- $ok = (and (regexMatch "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$" $key) (regexMatch "^([^/]{1,253}/)?[^/]*$" $key)) }}
{{- end }}
{{- if not $ok }}
{{- $problems = append $problems (printf "frontend.extraEnv[%d].valueFrom.fieldRef.fieldPath must be one of metadata.name, metadata.namespace, metadata.uid, spec.nodeName, spec.serviceAccountName, status.hostIP, status.hostIPs, status.podIP, status.podIPs, or metadata.labels['KEY'] or metadata.annotations['KEY'] with KEY a label key, got %q" $i $path) }}
{{- end }}
{{- end }}
{{- with $from.resourceFieldRef }}
{{- if not (has .resource (list "limits.cpu" "limits.memory" "limits.ephemeral-storage" "requests.cpu" "requests.memory" "requests.ephemeral-storage")) }}
{{- $problems = append $problems (printf "frontend.extraEnv[%d].valueFrom.resourceFieldRef.resource must be one of limits.cpu, limits.memory, limits.ephemeral-storage, requests.cpu, requests.memory, requests.ephemeral-storage, got %q" $i .resource) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- range $i, $source := .Values.frontend.extraEnvFrom }}
{{- $given := list }}
{{- range $k := (list "configMapRef" "secretRef") }}{{ if hasKey $source $k }}{{ $given = append $given $k }}{{ end }}{{ end }}
{{- if ne (len $given) 1 }}
{{- $problems = append $problems (printf "frontend.extraEnvFrom[%d] must give exactly one of configMapRef, secretRef, got %d" $i (len $given)) }}
{{- end }}
{{- range $k := $given }}
{{- $name := (index $source $k).name | default "" }}
{{- if not (and (regexMatch "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$" $name) (le (len $name) 253)) }}
{{- $problems = append $problems (printf "frontend.extraEnvFrom[%d].%s.name must be a DNS subdomain name (lower-case letters, digits, \"-\" and \".\", at most 253 characters), got %q" $i $k $name) }}
{{- end }}
{{- end }}
{{- end }}
{{- range $i, $volume := .Values.frontend.extraVolumes }}
{{- $sources := without (keys $volume | sortAlpha) "name" }}
{{- if gt (len $sources) 1 }}
{{- $problems = append $problems (printf "frontend.extraVolumes[%d] must give one volume source, got %s" $i (join ", " $sources)) }}
{{- end }}
{{- with $volume.hostPath }}
{{- if not (regexMatch "^(/([A-Za-z0-9_-][A-Za-z0-9_.-]*|\\.[A-Za-z0-9_-][A-Za-z0-9_.-]*|\\.\\.[A-Za-z0-9_.-]+))+$" .path) }}
{{- $problems = append $problems (printf "frontend.extraVolumes[%d].hostPath.path must be an absolute, normalized path such as \"/app/uploads\" (letters, digits, \"_\", \".\" and \"-\"; no \".\" or \"..\" segment, no \"//\", no trailing \"/\"), got %q" $i .path) }}
{{- else if or (lt (len (splitList "/" .path)) 3) (include "todo-chatbot.inSystemDirectory" .path) }}
{{- $problems = append $problems (printf "frontend.extraVolumes[%d].hostPath.path %q is not a directory of its own: it must be at least two levels below / (such as /mnt/data/uploads) and outside the node's system directories (/bin, /boot, /dev, /etc, /lib, /lib32, /lib64, /proc, /root, /run, /sbin, /sys, /usr, /var/lib/containerd, /var/lib/docker, /var/lib/kubelet, /var/log, /var/run)" $i .path) }}
{{- end }}
{{- end }}
{{- if and $volume.emptyDir (hasKey $volume.emptyDir "sizeLimit") }}
{{- $size := toString $volume.emptyDir.sizeLimit }}
{{- if or (not (regexMatch "^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(([KMGTPE]i)|[numkMGTPE]|[eE][+-]?[0-9]+)?$" $size)) (regexMatch "^-.*[1-9]" $size) }}
{{- $problems = append $problems (printf "frontend.extraVolumes[%d].emptyDir.sizeLimit must be a quantity of at least 0 (such as 1Gi), got %q" $i $size) }}
{{- end }}
{{- end }}
{{- end }}
{{- range $i, $mount := .Values.frontend.extraVolumeMounts }}
{{- range $field := list "subPath" "subPathExpr" }}
{{- $path := index $mount $field | default "" }}
{{- if and $path (or (hasPrefix "/" $path) (has ".." (splitList "/" $path))) }}
{{- $problems = append $problems (printf "frontend.extraVolumeMounts[%d].%s must be a relative path without \"..\", got %q" $i $field $path) }}
{{- end }}
{{- end }}
{{- if and ($mount.subPath | default "") ($mount.subPathExpr | default "") }}
{{- $problems = append $problems (printf "frontend.extraVolumeMounts[%d]: give subPath or subPathExpr, not both" $i) }}
{{- end }}
{{- if and (hasKey $mount "mountPropagation") (not (has $mount.mountPropagation (list "None" "HostToContainer"))) }}
{{- $problems = append $problems (printf "frontend.extraVolumeMounts[%d].mountPropagation must be None or HostToContainer (Bidirectional needs a privileged container, which the chart's are never), got %q" $i $mount.mountPropagation) }}
{{- end }}
{{- end }}
{{- $ingressPath := .Values.ingress.path }}
{{- if and .Values.ingress.enabled (has .Values.ingress.pathType (list "Prefix" "Exact")) }}
{{- $badPath := false }}
{{- range $x := (list "//" "/./" "/../" "%2f" "%2F") }}{{ if contains $x $ingressPath }}{{ $badPath = true }}{{ end }}{{ end }}
{{- range $x := (list "/.." "/.") }}{{ if hasSuffix $x $ingressPath }}{{ $badPath = true }}{{ end }}{{ end }}
{{- if $badPath }}
{{- $problems = append $problems (printf "ingress.path %q must not hold \"//\", \"/./\", \"/../\", \"%%2f\", \"%%2F\" nor end with \"/..\" or \"/.\" with pathType Prefix or Exact" $ingressPath) }}
{{- end }}
{{- end }}
{{- if regexMatch "^[+-]?([0-9]*\\.[0-9]*[1-9][0-9]*|([0-9]+(\\.[0-9]*)?|\\.[0-9]+)[mun]|([0-9]+(\\.[0-9]*)?|\\.[0-9]+)[eE]-[0-9]+)$" .Values.backend.resources.requests.memory }}
{{- $problems = append $problems (printf "backend.resources.requests.memory %q is a fraction of a byte: memory and storage are whole bytes (is a unit missing, as in \"1.5Gi\"?)" .Values.backend.resources.requests.memory) }}
{{- end }}
{{- if regexMatch "^[+-]?([0-9]*\\.[0-9]*[1-9][0-9]*|([0-9]+(\\.[0-9]*)?|\\.[0-9]+)[mun]|([0-9]+(\\.[0-9]*)?|\\.[0-9]+)[eE]-[0-9]+)$" .Values.backend.resources.limits.memory }}
{{- $problems = append $problems (printf "backend.resources.limits.memory %q is a fraction of a byte: memory and storage are whole bytes (is a unit missing, as in \"1.5Gi\"?)" .Values.backend.resources.limits.memory) }}
{{- end }}
{{- if regexMatch "^[+-]?([0-9]*\\.[0-9]*[1-9][0-9]*|([0-9]+(\\.[0-9]*)?|\\.[0-9]+)[mun]|([0-9]+(\\.[0-9]*)?|\\.[0-9]+)[eE]-[0-9]+)$" .Values.frontend.resources.requests.memory }}
{{- $problems = append $problems (printf "frontend.resources.requests.memory %q is a fraction of a byte: memory and storage are whole bytes (is a unit missing, as in \"1.5Gi\"?)" .Values.frontend.resources.requests.memory) }}
{{- end }}
{{- if regexMatch "^[+-]?([0-9]*\\.[0-9]*[1-9][0-9]*|([0-9]+(\\.[0-9]*)?|\\.[0-9]+)[mun]|([0-9]+(\\.[0-9]*)?|\\.[0-9]+)[eE]-[0-9]+)$" .Values.frontend.resources.limits.memory }}
{{- $problems = append $problems (printf "frontend.resources.limits.memory %q is a fraction of a byte: memory and storage are whole bytes (is a unit missing, as in \"1.5Gi\"?)" .Values.frontend.resources.limits.memory) }}
{{- end }}
{{- if regexMatch "^[+-]?([0-9]*\\.[0-9]*[1-9][0-9]*|([0-9]+(\\.[0-9]*)?|\\.[0-9]+)[mun]|([0-9]+(\\.[0-9]*)?|\\.[0-9]+)[eE]-[0-9]+)$" .Values.persistence.size }}
{{- $problems = append $problems (printf "persistence.size %q is a fraction of a byte: memory and storage are whole bytes (is a unit missing, as in \"1.5Gi\"?)" .Values.persistence.size) }}
{{- end }}
{{- $pullSecrets := dict }}
{{- range $i, $secret := .Values.imagePullSecrets }}
{{- if hasKey $pullSecrets $secret.name }}
{{- $problems = append $problems (printf "imagePullSecrets[%d].name %q is given at imagePullSecrets[%d] too" $i $secret.name (index $pullSecrets $secret.name)) }}
{{- else }}
{{- $_ := set $pullSecrets $secret.name $i }}
{{- end }}
{{- end }}
{{- if and .Values.serviceAccount.create (eq .Values.serviceAccount.name "default") }}
{{- $problems = append $problems "serviceAccount.name \"default\" with serviceAccount.create: every namespace has a ServiceAccount named default already (Helm would refuse to take it over, kubectl apply would change it); choose another name, or leave create false to use it" }}
{{- end }}
{{- range $component := list "backend" "frontend" }}
{{- range $resource := list "cpu" "memory" }}
{{- $request := index (index $.Values $component).resources.requests $resource }}
{{- $limit := index (index $.Values $component).resources.limits $resource }}
{{- if lt (float64 (include "todo-chatbot.quantityValue" $limit)) (float64 (include "todo-chatbot.quantityValue" $request)) }}
{{- $problems = append $problems (printf "%s.resources.limits.%s %q is below %s.resources.requests.%s %q: Kubernetes refuses a limit below its request" $component $resource $limit $component $resource $request) }}
{{- end }}
{{- end }}
{{- end }}
{{- range $component := list "backend" "frontend" }}
{{- if eq (index $.Values $component).image.tag "latest" }}
{{- $problems = append $problems (printf "%s.image.tag \"latest\" changes under a running Deployment (with pullPolicy IfNotPresent each node keeps whatever it pulled first): pin a version" $component) }}
{{- end }}
{{- end }}
{{- range $component := list "backend" "frontend" }}
{{- $autoscaling := (index $.Values $component).autoscaling }}
{{- if and $autoscaling.enabled (lt (int $autoscaling.maxReplicas) (int $autoscaling.minReplicas)) }}
{{- $problems = append $problems (printf "%s.autoscaling.maxReplicas %d is below %s.autoscaling.minReplicas %d: Kubernetes refuses an autoscaler whose most pods are fewer than its fewest" $component (int $autoscaling.maxReplicas) $component (int $autoscaling.minReplicas)) }}
{{- end }}
{{- end }}
{{- range $component := list "backend" "frontend" }}
{{- $update := (index $.Values $component).rollingUpdate }}
{{- if and (eq (index $.Values $component).strategy.type "RollingUpdate") (eq (int $update.maxSurge) 0) (eq (int $update.maxUnavailable) 0) }}
{{- $problems = append $problems (printf "%s.rollingUpdate: maxSurge and maxUnavailable are both 0, so a rollout could never replace a pod: set one of them above 0" $component) }}
{{- end }}
{{- end }}
{{- $uploads := .Values.backend.uploadsPath }}
{{- if has $uploads (list "/tmp") }}
{{- $problems = append $problems (printf "backend.uploadsPath %q is already the mount path of the backend's writable %s volume: Kubernetes refuses two volumes at one path" $uploads $uploads) }}
{{- else }}
{{- if or (eq $uploads "/app") (include "todo-chatbot.inSystemDirectory" $uploads) }}
{{- $problems = append $problems (printf "backend.uploadsPath %q would hide the image's own files (the app in /app, or a system directory): use a directory of its own, such as /app/uploads" $uploads) }}
{{- end }}
{{- end }}
{{- if and .Values.persistence.enabled (eq .Values.persistence.type "hostPath") }}
{{- $hostPath := .Values.persistence.hostPath }}
{{- if or (lt (len (splitList "/" $hostPath)) 3) (include "todo-chatbot.inSystemDirectory" $hostPath) }}
{{- $problems = append $problems (printf "persistence.hostPath %q is not a directory of its own: it must be at least two levels below / (such as /mnt/data/uploads) and outside the node's system directories (/bin, /boot, /dev, /etc, /lib, /lib32, /lib64, /proc, /root, /run, /sbin, /sys, /usr, /var/lib/containerd, /var/lib/docker, /var/lib/kubelet, /var/log, /var/run)" $hostPath) }}
{{- end }}
{{- end }}
{{- if not (regexMatch "^[a-z]" $frontendService) }}
{{- $problems = append $problems (printf "the frontend Service would be named %q: a Service name must start with a letter, so fullnameOverride (or nameOverride, or the release name) must too" $frontendService) }}
{{- end }}
{{- if eq .Values.backend.service.name $frontendService }}
{{- $problems = append $problems (printf "backend.service.name %q is also the name of the frontend Service: two Services cannot share a name" .Values.backend.service.name) }}
{{- end }}
{{- $configBytes := 0 }}
{{- range $key, $value := .Values.config }}{{ $text := toString $value }}{{ if and (not $value) (has $key (list "corsOrigins" "frontendUrl")) }}{{ $text = include (printf "todo-chatbot.%s" $key) $ }}{{ end }}{{ $configBytes = add $configBytes (len $text) }}{{ end }}
{{- if gt (int $configBytes) 1048576 }}
{{- $problems = append $problems (printf "config: the backend's ConfigMap would hold %d bytes of data, above the 1048576 bytes (1 MiB) Kubernetes allows" (int $configBytes)) }}
{{- end }}
{{- if .Values.secrets.create }}
{{- $secretsValuesBytes := 0 }}
{{- range $key, $value := .Values.secrets.values }}{{ $text := toString $value }}{{ $secretsValuesBytes = add $secretsValuesBytes (len $text) }}{{ end }}
{{- if gt (int $secretsValuesBytes) 1048576 }}
{{- $problems = append $problems (printf "secrets.values: the Secret the chart creates would hold %d bytes of data, above the 1048576 bytes (1 MiB) Kubernetes allows" (int $secretsValuesBytes)) }}
{{- end }}
{{- end }}
{{- end }}
{{- if $problems }}
{{- fail (printf "invalid values:\n  - %s" (join "\n  - " $problems)) }}
{{- end }}
