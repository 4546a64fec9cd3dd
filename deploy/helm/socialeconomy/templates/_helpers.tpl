{{/* vim: set filetype=mustache: */}}

{{- define "socialeconomy.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
Fully qualified app name, truncated to 63 characters (DNS label limit).
*/}}
{{- define "socialeconomy.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "socialeconomy.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
Common labels. Usage: include "socialeconomy.labels" (dict "root" $ "component" "web")
*/}}
{{- define "socialeconomy.labels" -}}
helm.sh/chart: {{ include "socialeconomy.chart" .root }}
{{ include "socialeconomy.selectorLabels" . }}
app.kubernetes.io/version: {{ include "socialeconomy.imageTag" .root | trunc 63 | trimSuffix "-" | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: {{ include "socialeconomy.name" .root }}
{{- with .root.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/*
Selector labels. Usage: include "socialeconomy.selectorLabels" (dict "root" $ "component" "web")
*/}}
{{- define "socialeconomy.selectorLabels" -}}
app.kubernetes.io/name: {{ include "socialeconomy.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- if .component }}
app.kubernetes.io/component: {{ .component }}
{{- end }}
{{- end -}}

{{- define "socialeconomy.componentName" -}}
{{- printf "%s-%s" (include "socialeconomy.fullname" .root) .component | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "socialeconomy.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "socialeconomy.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/*
The migration Job runs before the release's own ServiceAccount exists (pre-install), so it
uses migrations.serviceAccountName, else an existing (not chart-created) account, else "default".
*/}}
{{- define "socialeconomy.migrationsServiceAccountName" -}}
{{- if .Values.migrations.serviceAccountName -}}
{{- .Values.migrations.serviceAccountName -}}
{{- else if and (not .Values.serviceAccount.create) .Values.serviceAccount.name -}}
{{- .Values.serviceAccount.name -}}
{{- else -}}
default
{{- end -}}
{{- end -}}

{{- define "socialeconomy.imageTag" -}}
{{- default .Chart.AppVersion .Values.image.tag -}}
{{- end -}}

{{- define "socialeconomy.image" -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository (include "socialeconomy.imageTag" .) -}}
{{- end -}}
{{- end -}}

{{- define "socialeconomy.configMapName" -}}
{{- printf "%s-config" (include "socialeconomy.fullname" .) -}}
{{- end -}}

{{- define "socialeconomy.secretName" -}}
{{- if .Values.secrets.existingSecret -}}
{{- .Values.secrets.existingSecret -}}
{{- else -}}
{{- printf "%s-secrets" (include "socialeconomy.fullname" .) -}}
{{- end -}}
{{- end -}}

{{- define "socialeconomy.migrationsConfigMapName" -}}
{{- printf "%s-migrations-config" (include "socialeconomy.fullname" .) -}}
{{- end -}}

{{- define "socialeconomy.migrationsSecretName" -}}
{{- if .Values.secrets.existingSecret -}}
{{- .Values.secrets.existingSecret -}}
{{- else -}}
{{- printf "%s-migrations-secrets" (include "socialeconomy.fullname" .) -}}
{{- end -}}
{{- end -}}

{{- define "socialeconomy.tlsSecretName" -}}
{{- default (printf "%s-tls" (include "socialeconomy.fullname" .)) .Values.ingress.tls.secretName -}}
{{- end -}}

{{- define "socialeconomy.mediaClaimName" -}}
{{- default (printf "%s-media" (include "socialeconomy.fullname" .)) .Values.persistence.existingClaim -}}
{{- end -}}

{{/*
Non-secret settings (data of the ConfigMap and of the migration hook's ConfigMap).
*/}}
{{- define "socialeconomy.configData" -}}
{{- $domain := .Values.platformDomain -}}
{{- $hosts := concat (list (printf ".%s" $domain) $domain) .Values.config.extraAllowedHosts -}}
{{- range .Values.ingress.extraHosts }}{{ $hosts = append $hosts .host }}{{ end -}}
{{- $hosts = uniq $hosts -}}
{{- $origins := .Values.config.csrfTrustedOrigins | default (list (printf "https://%s" $domain) (printf "https://*.%s" $domain)) -}}
DJANGO_SETTINGS_MODULE: {{ .Values.config.settingsModule | quote }}
PLATFORM_DOMAIN: {{ $domain | quote }}
DJANGO_ALLOWED_HOSTS: {{ join "," $hosts | quote }}
CSRF_TRUSTED_ORIGINS: {{ join "," $origins | quote }}
DJANGO_LOG_LEVEL: {{ .Values.config.logLevel | quote }}
LOG_FORMAT: {{ .Values.config.logFormat | quote }}
MEDIA_ROOT: {{ .Values.config.mediaRoot | quote }}
CMS_FORMS_TRUSTED_PROXIES: {{ .Values.config.trustedProxies | toString | quote }}
DEFAULT_FROM_EMAIL: {{ .Values.config.defaultFromEmail | default (printf "no-reply@%s" $domain) | quote }}
SENTRY_ENVIRONMENT: {{ .Values.sentry.environment | default .Release.Namespace | quote }}
SENTRY_TRACES_SAMPLE_RATE: {{ .Values.sentry.tracesSampleRate | toString | quote }}
SENTRY_RELEASE: {{ include "socialeconomy.imageTag" . | quote }}
PYTHONUNBUFFERED: "1"
{{- /* Web pods the platform may run at once: the settings refuse several without a shared cache. */}}
WEB_REPLICAS: {{ ternary .Values.web.autoscaling.maxReplicas .Values.web.replicaCount .Values.web.autoscaling.enabled | toString | quote }}
{{- range $name, $value := .Values.config.extraEnv }}
{{ $name }}: {{ $value | toString | quote }}
{{- end }}
{{- end -}}

{{/*
Secret settings (data of the Secret and of the migration hook's Secret). Only set keys
are rendered so the application's own defaults apply to the optional ones.
*/}}
{{- define "socialeconomy.secretData" -}}
{{- $s := .Values.secrets -}}
DJANGO_SECRET_KEY: {{ required "secrets.djangoSecretKey is required unless secrets.existingSecret is set" $s.djangoSecretKey | b64enc | quote }}
DATABASE_URL: {{ required "secrets.databaseUrl is required unless secrets.existingSecret is set" $s.databaseUrl | b64enc | quote }}
CELERY_BROKER_URL: {{ required "secrets.celeryBrokerUrl is required unless secrets.existingSecret is set" $s.celeryBrokerUrl | b64enc | quote }}
{{- with $s.celeryResultBackend }}
CELERY_RESULT_BACKEND: {{ . | b64enc | quote }}
{{- end }}
{{- with $s.redisUrl }}
REDIS_URL: {{ . | b64enc | quote }}
{{- end }}
{{- with $s.sentryDsn }}
SENTRY_DSN: {{ . | b64enc | quote }}
{{- end }}
{{- with $s.emailUrl }}
EMAIL_URL: {{ . | b64enc | quote }}
{{- end }}
{{- end -}}

{{/*
Checksum annotations: pods roll when settings change.
*/}}
{{- define "socialeconomy.checksumAnnotations" -}}
checksum/config: {{ include "socialeconomy.configData" . | sha256sum }}
{{- if not .Values.secrets.existingSecret }}
checksum/secret: {{ include "socialeconomy.secretData" . | sha256sum }}
{{- end }}
{{- end -}}

{{/*
Pod-level fields shared by every pod. Usage: include "socialeconomy.podCommon" (dict "root" $ "serviceAccountName" "x")
*/}}
{{- define "socialeconomy.podCommon" -}}
serviceAccountName: {{ .serviceAccountName }}
automountServiceAccountToken: {{ .root.Values.serviceAccount.automountServiceAccountToken }}
enableServiceLinks: false
{{- with .root.Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
  {{- toYaml .root.Values.podSecurityContext | nindent 2 }}
{{- end -}}

{{/*
Scheduling fields of a component. Usage: include "socialeconomy.scheduling" .Values.web
*/}}
{{- define "socialeconomy.scheduling" -}}
{{- with .nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .topologySpreadConstraints }}
topologySpreadConstraints:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/*
Container fields shared by the application containers.
Usage: include "socialeconomy.containerCommon" (dict "root" $ "configMap" "x" "secret" "y")
*/}}
{{- define "socialeconomy.containerCommon" -}}
image: {{ include "socialeconomy.image" .root | quote }}
imagePullPolicy: {{ .root.Values.image.pullPolicy }}
securityContext:
  {{- toYaml .root.Values.securityContext | nindent 2 }}
envFrom:
  - configMapRef:
      name: {{ .configMap }}
  - secretRef:
      name: {{ .secret }}
{{- end -}}

{{/*
Volumes: /tmp scratch (read-only root filesystem) and, when asked, media.
Usage: include "socialeconomy.volumes" (dict "root" $ "media" true)
*/}}
{{- define "socialeconomy.volumes" -}}
volumes:
  - name: tmp
    emptyDir:
      sizeLimit: {{ .root.Values.tmpVolume.sizeLimit }}
{{- if .media }}
  - name: media
    {{- if .root.Values.persistence.enabled }}
    persistentVolumeClaim:
      claimName: {{ include "socialeconomy.mediaClaimName" .root }}
    {{- else }}
    emptyDir: {}
    {{- end }}
{{- end }}
{{- end -}}

{{- define "socialeconomy.volumeMounts" -}}
volumeMounts:
  - name: tmp
    mountPath: /tmp
{{- if .media }}
  - name: media
    mountPath: {{ .root.Values.config.mediaRoot }}
{{- end }}
{{- end -}}
