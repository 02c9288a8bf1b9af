/**
 * The preset schema: the ONE source of truth for preset keys.
 * From it come the TypeScript type (`Preset`), the runtime validation (validate.ts interprets this
 * very object) and the published JSON Schema (`presets/preset.schema.json`, written by scripts/gen.ts).
 *
 * Every leaf has a `default` (the contract's), a `description` (shown in editors and in the README
 * preset reference) and, where a pattern applies, an `x-fix` saying how to fix a bad value.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { ISTIO_GATEWAY_SELECTOR, KNATIVE_GATEWAYS, KSERVE_GATEWAY } from '../catalog/gateways.js';

// Kubernetes name rules (k8s.io/apimachinery validation): the server rejects anything else.
const DNS_LABEL = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
const DNS_SUBDOMAIN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$';
const NS_NAME = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?/[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
const LABEL_KEY =
  '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$';
const LABEL_VALUE = '^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$';
// Gateway API's own pattern for GatewayClass.spec.controllerName.
const CONTROLLER_NAME =
  "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\\/[A-Za-z0-9\\/\\-._~%!$&'()*+,;=:]+$";
const REGISTRY = '^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:[0-9]{1,5})?(/[a-z0-9]+([._-][a-z0-9]+)*)*$';
const IMAGE_REPOSITORY = '^[a-z0-9]([-a-z0-9._]*[a-z0-9])?(:[0-9]{1,5})?(/[a-z0-9]+([._-]{1,2}[a-z0-9]+)*)*$';
const DIGEST = '^sha256:[a-f0-9]{64}$';
// Whole numbers (Deployment fields are int32) or percentages, without leading zeros.
const INT_OR_PERCENT = '^(0|[1-9][0-9]{0,8})%?$';

const label = (description: string, def?: string) =>
  Type.String({
    description,
    ...(def === undefined ? {} : { default: def }),
    pattern: DNS_LABEL,
    maxLength: 63,
    'x-fix': 'use lowercase letters, digits and "-", starting and ending with a letter or digit (DNS-1123 label, at most 63 characters)',
  });

const nsName = (description: string, def: string) =>
  Type.String({
    description,
    default: def,
    pattern: NS_NAME,
    maxLength: 127,
    'x-fix': 'write it as <namespace>/<name>, both DNS-1123 labels, e.g. "knative-serving/knative-local-gateway"',
  });

const hostname = (description: string, def: string) =>
  Type.String({
    description,
    default: def,
    pattern: DNS_SUBDOMAIN,
    maxLength: 253,
    'x-fix': 'use a lowercase DNS name such as "knative-local-gateway.istio-system.svc.cluster.local"',
  });

const labelMap = (description: string, def: Record<string, string>) =>
  Type.Record(
    Type.String({ pattern: LABEL_KEY }),
    Type.String({
      pattern: LABEL_VALUE,
      maxLength: 63,
      'x-fix': 'label values are at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit',
    }),
    { description, default: def, 'x-fix': 'label keys are [prefix/]name with letters, digits, "-", "_" and "."' },
  );

const stringEnum = <T extends string>(values: readonly T[], description: string, def: T) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], description, default: def });

export const DEPLOYMENT_MODES = ['Serverless', 'RawDeployment', 'ModelMesh', 'Knative', 'Standard'] as const;
const GATEWAY_PROVIDERS = ['istio', 'kong', 'envoy', 'gatewayclass'] as const;

export const PresetSchema = Type.Object(
  {
    kserve: Type.Object(
      {
        version: Type.String({
          description:
            'KServe release to configure: any release or rc of the 0.11-0.20 lines, e.g. "0.15.2" or "v0.16.0-rc1". Quote it in YAML.',
          pattern: '^v?[0-9]+\\.[0-9]+\\.[0-9]+(-rc[0-9]+)?$',
          'x-fix': 'write a quoted release such as "0.15.2" or "0.16.0-rc1"',
          examples: ['0.15.2', '0.20.0'],
        }),
        namespace: label('Namespace KServe is installed into (Helm release namespace).', 'kserve'),
      },
      { additionalProperties: false, description: 'Which KServe release, and where.' },
    ),
    deploymentMode: stringEnum(
      DEPLOYMENT_MODES,
      'Serverless | RawDeployment | ModelMesh, or the v0.16+ names Knative | Standard. Both spellings are accepted on every version; the output uses the spelling the chosen version understands.',
      'Serverless',
    ),
    // Optional: a preset without it (every preset written before it existed) reads back without it.
    llm: Type.Optional(Type.Object(
      {
        enabled: Type.Boolean({
          description:
            'Install the LLMInferenceService stack (KServe >= 0.16.0-rc0): the llmisvc CRD and controller charts, the LLMInferenceServiceConfig presets, the Gateway API Inference Extension CRDs, and Envoy Gateway with Envoy AI Gateway (ingress.provider envoy) or Istio with its inference extension (provider istio, gatewayApi true). LLM routes go through ingress.gateway.',
          default: false,
        }),
        predictive: Type.Boolean({
          description:
            'With llm.enabled: also install predictive InferenceServices (the kserve / kserve-resources chart), sharing the Gateway with the LLM routes in Standard mode. false: the LLM stack only (deploymentMode does not apply).',
          default: true,
        }),
        multiNode: Type.Boolean({
          description: 'With llm.enabled: install LeaderWorkerSet, which multi-node LLMInferenceServices (spec.worker) run on.',
          default: false,
        }),
      },
      { additionalProperties: false, description: 'The LLMInferenceService stack (contract v2 §2). Leave it out for none.' },
    )),
    knative: Type.Object(
      {
        version: Type.String({
          description:
            'Knative Serving version (Serverless/Knative mode). Empty: the version the chosen KServe release was tested with.',
          default: '',
          pattern: '^(v?(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))?)?$',
          'x-fix': 'write a Knative Serving version such as "1.15.2", or leave it empty for the tested one',
        }),
        install: stringEnum(
          ['operator', 'manifests'] as const,
          'operator: settings go into the KnativeServing CR of the Knative Operator. manifests: Knative was installed from release YAML, so settings are emitted as ConfigMap patches in knative-serving.',
          'operator',
        ),
      },
      { additionalProperties: false, description: 'Knative Serving (only used in Serverless/Knative mode).' },
    ),
    ingress: Type.Object(
      {
        provider: stringEnum(
          GATEWAY_PROVIDERS,
          'istio | kong | envoy | gatewayclass. envoy: Envoy Gateway (KServe\'s own default Gateway API provider), installed by INSTALL.md. gatewayclass: a GatewayClass the cluster already has (ingress.gateway.className); nothing is installed. Both route through the Gateway API and need RawDeployment/Standard mode and KServe >= 0.15.0-rc0. kong: RawDeployment/Standard only; the Gateway API from 0.15.0-rc0, Ingress objects of class kong before. istio: see ingress.gatewayApi.',
          'istio',
        ),
        gatewayApi: Type.Boolean({
          description:
            "With provider istio in RawDeployment/Standard mode (KServe >= 0.15.0-rc0): true routes InferenceServices through Istio's Gateway API implementation (HTTPRoutes on ingress.gateway) instead of Ingress objects of class istio. envoy and gatewayclass always use the Gateway API, kong from 0.15.0-rc0.",
          default: false,
        }),
        domain: hostname('Domain InferenceService hostnames are created under.', 'example.com'),
        urlScheme: stringEnum(['http', 'https'] as const, 'Scheme KServe writes into InferenceService URLs.', 'http'),
        istio: Type.Object(
          {
            ingressGateway: nsName(
              'Istio Gateway (<ns>/<name>) that carries traffic from outside the cluster.',
              KNATIVE_GATEWAYS.ingress.ref,
            ),
            ingressGatewayService: hostname(
              'Service (FQDN) behind the ingress gateway.',
              KNATIVE_GATEWAYS.ingress.service,
            ),
            ingressGatewaySelector: labelMap('Labels of the ingress gateway pods (used when ingressGateway is not the default).', { ...ISTIO_GATEWAY_SELECTOR }),
            localGateway: nsName(
              'Istio Gateway (<ns>/<name>) for cluster-local traffic (Knative activator, InferenceService-to-InferenceService calls).',
              KNATIVE_GATEWAYS.local.ref,
            ),
            localGatewayService: hostname(
              'Service (FQDN) behind the local gateway.',
              KNATIVE_GATEWAYS.local.service,
            ),
            localGatewaySelector: labelMap('Labels of the local gateway pods (the Istio Gateway selector).', { ...ISTIO_GATEWAY_SELECTOR }),
            servingNamespaces: Type.Array(label('A namespace the local gateway must serve.'), {
              description:
                "Namespaces the local gateway serves (hosts `*.ns`, `*.ns.svc`, `*.ns.svc.cluster.local`), on the Gateway this tool writes or, for the Knative Operator's own knative-local-gateway, in the KnativeServing servers override. Empty: all namespaces.",
              default: [],
              uniqueItems: true,
            }),
          },
          { additionalProperties: false, description: 'Istio gateways (Serverless/Knative mode, or RawDeployment with Istio).' },
        ),
        kong: Type.Object(
          {
            gateway: nsName('Gateway API Gateway (<ns>/<name>) KServe attaches its HTTPRoutes to (the v1 spelling of ingress.gateway.name).', KSERVE_GATEWAY.ref),
            gatewayClassName: Type.String({
              description: 'GatewayClass the Gateway uses (the v1 spelling of ingress.gateway.className).',
              default: 'kong',
              pattern: DNS_SUBDOMAIN,
              maxLength: 253,
              'x-fix': 'use a lowercase DNS name such as "kong"',
            }),
            controllerName: Type.String({
              description: "GatewayClass controllerName: Kong Ingress Controller's is konghq.com/kic-gateway-controller.",
              default: 'konghq.com/kic-gateway-controller',
              pattern: CONTROLLER_NAME,
              maxLength: 253,
              'x-fix': 'write a domain-prefixed path such as "konghq.com/kic-gateway-controller"',
            }),
            listenerName: label("Name of the Gateway's HTTP listener (the v1 spelling of ingress.gateway.listenerName).", 'http'),
            listenerPort: Type.Integer({
              description: "Port of the Gateway's HTTP listener, which must match a Kong proxy port (the v1 spelling of ingress.gateway.listenerPort).",
              default: 80,
              minimum: 1,
              maximum: 65535,
            }),
          },
          {
            additionalProperties: false,
            description:
              'Kong through the Gateway API. gateway, gatewayClassName, listenerName and listenerPort are the v1 spellings of ingress.gateway.name, className, listenerName and listenerPort: set either (both, to different values, is an error).',
          },
        ),
        gateway: Type.Object(
          {
            name: nsName(
              'The Gateway API Gateway (<ns>/<name>) KServe attaches its HTTPRoutes to: inferenceservice-config kserveIngressGateway, and the Gateway this tool writes.',
              KSERVE_GATEWAY.ref,
            ),
            className: Type.String({
              description: 'GatewayClass of that Gateway. Empty: envoy, istio or kong by provider; required for provider gatewayclass.',
              default: '',
              pattern: `(^$)|(${DNS_SUBDOMAIN})`,
              maxLength: 253,
              'x-fix': 'use the name of a GatewayClass: lowercase letters, digits, "-" and "."',
            }),
            listenerName: label("Name of the Gateway's HTTP listener.", 'http'),
            listenerPort: Type.Integer({
              description: "Port of the Gateway's HTTP listener.",
              default: 80,
              minimum: 1,
              maximum: 65535,
            }),
            tlsSecretName: Type.String({
              description:
                "With ingress.urlScheme https: the kubernetes.io/tls Secret (in the Gateway's namespace) an HTTPS listener on port 443 serves. Empty: no HTTPS listener (TLS is terminated in front of the Gateway).",
              default: '',
              pattern: `(^$)|(${DNS_SUBDOMAIN})`,
              maxLength: 253,
              'x-fix': 'use the name of a Secret: lowercase letters, digits, "-" and "."',
            }),
            routeTimeouts: Type.Boolean({
              description:
                "false: KServe leaves timeouts out of its HTTPRoutes (disableHTTPRouteTimeout, KServe >= 0.18.0-rc0), for a provider that rejects rules[].timeouts. With kong, which ignores timeouts.request, they are left out wherever KServe can.",
              default: true,
            }),
          },
          {
            additionalProperties: false,
            description: 'The Gateway API Gateway: RawDeployment/Standard with provider envoy, gatewayclass, kong (KServe >= 0.15.0-rc0), or istio with gatewayApi.',
          },
        ),
      },
      { additionalProperties: false, description: 'How traffic reaches InferenceServices.' },
    ),
    offline: Type.Object(
      {
        enabled: Type.Boolean({ description: 'Air-gapped install: rewrite every image to the mirror registry.', default: false }),
        registry: Type.String({
          description: 'Mirror prefix (host[:port][/path]) every image is rewritten to.',
          default: '',
          pattern: `(^$)|(${REGISTRY})`,
          maxLength: 255,
          'x-fix': 'write a registry prefix such as "registry.example.internal:5000/mirror" (no scheme, no trailing "/")',
        }),
        skipTagResolving: Type.Array(
          Type.String({
            pattern: REGISTRY,
            maxLength: 255,
            'x-fix': 'write a registry host such as "nvcr.io" or "registry.local:5000"',
          }),
          {
            description:
              "Extra registries for Knative's registries-skipping-tag-resolving (kind.local, ko.local, dev.local and the mirror host are always included).",
            default: [],
          },
        ),
        imagePullSecrets: Type.Array(
          Type.String({
            pattern: DNS_SUBDOMAIN,
            maxLength: 253,
            'x-fix': 'use the name of a Secret: lowercase letters, digits, "-" and "."',
          }),
          { description: 'Names of image pull Secrets, added wherever a chart or CR accepts them.', default: [] },
        ),
        imageDigests: Type.Record(
          Type.String({ pattern: IMAGE_REPOSITORY }),
          Type.String({ pattern: DIGEST, 'x-fix': 'write "sha256:" followed by 64 lowercase hex digits' }),
          {
            description:
              'Pins images by digest: "<image repository>": "sha256:<64 hex>". Entries for images this install does not pull are reported and not used (a whole digest list can be passed); a near-miss of one it pulls is refused.',
            default: {},
            'x-fix': 'use an image repository without tag, e.g. "kserve/kserve-controller"',
          },
        ),
      },
      { additionalProperties: false, description: 'Air-gapped installs.' },
    ),
    storage: Type.Object(
      {
        caBundle: Type.Object(
          {
            file: Type.String({
              description: 'PEM file (relative to the preset file) with one or more CA certificates for model storage.',
              default: '',
            }),
            configMapName: label('ConfigMap (in the KServe namespace) that carries the CA bundle.', 'kserve-ca-bundle'),
            mountPath: Type.String({
              description: 'Where the storage initializer mounts the CA bundle (KServe default /etc/ssl/custom-certs).',
              default: '/etc/ssl/custom-certs',
              pattern: '^/[A-Za-z0-9._/-]*[A-Za-z0-9._-]$',
              maxLength: 255,
              'x-fix': 'write an absolute directory path such as "/etc/ssl/custom-certs"',
            }),
          },
          { additionalProperties: false, description: 'Custom CA bundle for model storage (KServe >= 0.12).' },
        ),
        storageConfig: Type.Object(
          {
            enabled: Type.Boolean({ description: 'Write the storage-config Secret.', default: false }),
            secretName: Type.String({
              description: 'Name of the storage-config Secret.',
              default: 'storage-config',
              pattern: DNS_SUBDOMAIN,
              maxLength: 253,
              'x-fix': 'use lowercase letters, digits, "-" and "."',
            }),
            namespaces: Type.Array(label('A namespace that runs InferenceServices.'), {
              description:
                'Namespaces to create the Secret in (it must sit beside the InferenceServices). Empty: ingress.istio.servingNamespaces, else kserve-test.',
              default: [],
              uniqueItems: true,
            }),
            embedCertificate: Type.Boolean({
              description: 'Also put the PEM text into the Secret (the field ModelMesh reads).',
              default: false,
            }),
            s3: Type.Object(
              {
                endpoint: Type.String({
                  description: 'S3 endpoint host[:port] (no scheme).',
                  default: '',
                  pattern: '^([a-z0-9]([-a-z0-9.]*[a-z0-9])?(:[0-9]{1,5})?)?$',
                  maxLength: 255,
                  'x-fix': 'write host[:port] such as "minio.storage.svc:9000"; use useHttps for the scheme',
                }),
                bucket: Type.String({
                  description: 'Default bucket (optional; InferenceServices may name their own).',
                  default: '',
                  pattern: '^([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])?$',
                  'x-fix': 'write an S3 bucket name: 3-63 lowercase letters, digits, "." and "-"',
                }),
                region: Type.String({
                  description: 'S3 region.',
                  default: '',
                  pattern: '^[a-z0-9-]*$',
                  maxLength: 64,
                  'x-fix': 'write a region such as "us-east-1"',
                }),
                useHttps: Type.Boolean({ description: 'Talk to the endpoint over HTTPS.', default: true }),
                verifySSL: Type.Boolean({ description: "Verify the endpoint's certificate.", default: true }),
              },
              { additionalProperties: false, description: 'S3-compatible storage.' },
            ),
          },
          { additionalProperties: false, description: 'The storage-config Secret.' },
        ),
      },
      { additionalProperties: false, description: 'Model storage credentials and CA bundles.' },
    ),
    deployment: Type.Object(
      {
        strategy: Type.Object(
          {
            type: stringEnum(['RollingUpdate', 'Recreate'] as const, 'Rollout type.', 'RollingUpdate'),
            maxSurge: Type.String({
              description: 'Extra pods during a rollout: a count or a percentage.',
              default: '25%',
              pattern: INT_OR_PERCENT,
              'x-fix': 'write a whole number below 1000000000 or a percentage such as "25%"',
            }),
            maxUnavailable: Type.String({
              description: 'Pods that may be unavailable during a rollout: a count or a percentage.',
              default: '25%',
              pattern: INT_OR_PERCENT,
              'x-fix': 'write a whole number below 1000000000 or a percentage such as "25%"',
            }),
          },
          {
            additionalProperties: false,
            description: 'Default rollout for RawDeployment/Standard predictors (KServe >= 0.13).',
          },
        ),
        progressDeadline: Type.String({
          description: "Knative's progress-deadline (Serverless/Knative mode), whole seconds such as \"600s\". Empty: Knative's default.",
          default: '',
          pattern: '^([1-9][0-9]*s)?$',
          'x-fix': 'write whole seconds such as "600s"',
        }),
      },
      { additionalProperties: false, description: 'Rollout settings.' },
    ),
  },
  {
    additionalProperties: false,
    title: 'create-kserve-config preset',
    description: 'Answers for create-kserve-config (contract v1 and v2). Unknown keys are errors.',
  },
);

export type Preset = Static<typeof PresetSchema>;
export type DeploymentModeInput = Preset['deploymentMode'];
export type AnySchema = TSchema & Record<string, unknown>;

/** The published JSON Schema (TypeBox symbols are dropped by JSON serialisation). */
export function jsonSchema(): Record<string, unknown> {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://github.com/create-kserve-config/create-kserve-config/presets/preset.schema.json',
    ...JSON.parse(JSON.stringify(PresetSchema)),
  };
}
