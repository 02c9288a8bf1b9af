/**
 * KServe itself: the manifests, CRDs before controllers, the one-time move onto the 0.17 chart layout
 * (CRDs and ClusterServingRuntimes change Helm release), the controller, the serving runtimes.
 */
import { isDeepStrictEqual } from 'node:util';
import yaml from 'js-yaml';
import type { Side, StepBuilder, UpgradeContext, UpgradeStep } from '../types.js';
import { isKnativeObject, jsonpath, mainRelease, ns, step } from './common.js';

/** From <= 0.16 to >= 0.17: the one-time migration onto the split charts (catalog KSERVE_UPGRADE_RANGES). */
const migratesCharts = (ctx: UpgradeContext) => !ctx.from.resolved.release.features.splitCharts && ctx.to.resolved.release.features.splitCharts;

const MIGRATION_SOURCE = 'kserve/website docs/install/upgrade-guide.md, "Migrating from pre-v0.17.0 to the split Helm chart layout"; kserve/website#696';
const forEach = (list: string, command: string) => `for r in $(${list}); do ${command}; done`;
const CRDS = "kubectl get crd -o name | grep 'serving.kserve.io'";
const RUNTIMES = 'kubectl get clusterservingruntimes -o name';

const key = (o: { kind: string; name: string; namespace?: string | null }) => `${o.kind}/${o.namespace ?? ''}/${o.name}`;
/** The manifests' objects, parsed; Knative's own (KnativeServing, its ConfigMap patches) move in the Knative steps. */
const objects = (side: Side) =>
  side.plan.context.manifests
    .filter((m) => !isKnativeObject(m))
    .map((m) => ({ ...m, key: key(m), body: yaml.load(side.files.find((f) => f.path === m.path)!.content) }));

export const manifestSteps: StepBuilder = (ctx) => {
  const to = ctx.to.plan.context;
  const before = new Map(objects(ctx.from).map((o) => [o.key, o]));
  const after = objects(ctx.to);
  const afterKeys = new Set(after.map((o) => o.key));
  const added = after.filter((o) => !before.has(o.key));
  const changed = after.filter((o) => before.has(o.key) && !isDeepStrictEqual(before.get(o.key)!.body, o.body));
  const gone = [...before.values()].filter((o) => !afterKeys.has(o.key));
  if (added.length === 0 && changed.length === 0) return [];
  const commands = [`kubectl apply --server-side${to.knativeManifests ? ' --force-conflicts' : ''} -k manifests/`];
  const g = to.gatewayApi;
  if (g) {
    // The waits INSTALL.md has after the same apply.
    const kong = g.provider === 'kong';
    commands.push(
      `kubectl wait --for=condition=Accepted gatewayclass/${g.className} --timeout=120s`,
      ...(kong ? [] : [`kubectl wait --for=condition=Accepted gateway/${g.gateway.name} -n ${g.gateway.namespace} --timeout=120s`]),
      `kubectl wait --for=condition=Programmed gateway/${g.gateway.name} -n ${g.gateway.namespace} --timeout=${kong ? 120 : 300}s`,
    );
  }
  const list = (l: { kind: string; name: string }[]) => l.map((o) => `${o.kind} ${o.name}`).join(', ');
  return [
    step({
      id: 'manifests',
      layer: 'manifests',
      title: 'Manifests',
      why: [
        `\`manifests/\` is applied as a whole (server-side apply changes only what differs)${added.length ? `; new: ${list(added)}` : ''}${changed.length ? `; changed: ${list(changed)}` : ''}.`,
        ...(gone.length ? [`The old folder also applied ${list(gone)}, which this configuration no longer needs: delete ${gone.length === 1 ? 'it' : 'them'} once the upgrade works.`] : []),
      ],
      commands,
      check: [`kubectl get ${[...new Set([...added, ...changed].map((o) => o.kind.toLowerCase()))].join(',')} -A`],
      expect: 'every object listed.',
      rollback: [
        ...changed.map((o) => `kubectl apply --server-side -f ${ctx.folder}/${before.get(o.key)!.path}`),
        ...added.map((o) => `kubectl delete -f ${o.path}`),
      ],
    }),
  ];
};

export const kserveCrdSteps: StepBuilder = (ctx) => {
  const n = ns(ctx.to);
  const ref = ctx.to.plan.context.refs['kserve-crd']!;
  const established = 'kubectl wait --for=condition=Established crd/inferenceservices.serving.kserve.io --timeout=60s';
  const upgrade = `helm upgrade kserve-crd ${ref} -n ${n}`;
  if (!migratesCharts(ctx)) {
    return [
      step({
        id: 'kserve-crds',
        layer: 'kserve',
        title: `KServe CRDs ${ctx.to.resolved.release.version}`,
        why: ['CRDs before controllers: the new controller reads fields only the new CRDs keep.'],
        commands: [upgrade, established],
        check: [`helm list -n ${n} --filter '^kserve-crd$'`],
        expect: `chart \`kserve-crd-v${ctx.to.resolved.release.version}\`.`,
        rollback: [`helm rollback kserve-crd -n ${n}`],
      }),
    ];
  }
  return [
    step({
      id: 'kserve-crds',
      layer: 'kserve',
      title: `KServe CRDs ${ctx.to.resolved.release.version} (one-time move to the 0.17 chart layout)`,
      why: [
        `From 0.17 the LocalModel CRDs (localmodelcaches, localmodelnodegroups, localmodelnodes) left kserve-crd for kserve-localmodel-crd (kserve/kserve v0.16.0 and v0.17.1 charts/kserve-crd/templates); an upgrade of kserve-crd would delete them, and with them every object of their kinds. The keep annotation stops that, as the KServe upgrade guide does (${MIGRATION_SOURCE}).`,
        'This configuration does not install LocalModel: its CRDs stay in the cluster, owned by no release. Delete them only if `kubectl get localmodelcaches -A` finds nothing and you will not use LocalModel.',
      ],
      commands: [forEach(CRDS, 'kubectl annotate "$r" helm.sh/resource-policy=keep --overwrite'), upgrade, established, forEach(CRDS, 'kubectl annotate "$r" helm.sh/resource-policy-')],
      check: [`helm list -n ${n} --filter '^kserve-crd$'`, CRDS],
      expect: `chart \`kserve-crd-v${ctx.to.resolved.release.version}\`, and every CRD still listed.`,
      rollback: [forEach(CRDS, 'kubectl annotate "$r" helm.sh/resource-policy=keep --overwrite'), `helm rollback kserve-crd -n ${n}`, forEach(CRDS, 'kubectl annotate "$r" helm.sh/resource-policy-')],
    }),
  ];
};

export const kserveControllerSteps: StepBuilder = (ctx) => {
  const n = ns(ctx.to);
  const main = ctx.to.resolved.release.mainChart;
  const ref = ctx.to.plan.context.refs[main.name]!;
  const release = mainRelease(ctx);
  const values = ctx.to.plan.context.mainValuesFile;
  const wait = `kubectl rollout status deployment/kserve-controller-manager -n ${n} --timeout=300s`;
  const migrate = migratesCharts(ctx);
  const why = [
    `The values are exactly \`${values}\`: anything set on the release by hand (see \`backup/kserve.values.yaml\`) is not carried over; compare first.`,
  ];
  if (migrate) {
    why.unshift(
      `The ${ctx.from.resolved.release.mainChart.name} chart became kserve-resources in 0.17; the release keeps its name \`${release}\` (${MIGRATION_SOURCE}). The ClusterServingRuntimes are not in the new chart, so Helm would delete them: they are kept (helm.sh/resource-policy=keep, which Helm honours when an upgrade drops an object) until kserve-runtime-configs owns them in the next step.`,
    );
  }
  const f = ctx.from.resolved;
  if (f.kong && !f.kong.gatewayApi && ctx.to.resolved.kong?.gatewayApi) {
    why.push('From here KServe routes through HTTPRoutes on the Gateway; the Ingress objects of class kong the old controller made stay behind: once `kubectl get httproutes -A` lists a route for each InferenceService, delete them (`kubectl get ingress -A`).');
  }
  if (!ctx.to.resolved.release.features.splitCharts) {
    why.push('If it fails with a webhook `connection refused` for a ClusterServingRuntime, the controller was restarting: wait, then run the same command again (kserve/kserve#5037).');
  }
  return [
    step({
      id: 'kserve-controller',
      layer: 'kserve',
      title: `KServe ${ctx.to.resolved.release.version} controller (${main.name} chart)`,
      why,
      commands: [...(migrate ? [forEach(RUNTIMES, 'kubectl annotate "$r" helm.sh/resource-policy=keep --overwrite')] : []), `helm upgrade ${release} ${ref} -n ${n} -f ${values}`, wait],
      check: [jsonpath(`deployment kserve-controller-manager -n ${n}`, '{.spec.template.spec.containers[?(@.name=="manager")].image}'), jsonpath(`configmap inferenceservice-config -n ${n}`, '{.data.deploy}')],
      expect: `the image ends in \`:v${ctx.to.resolved.release.version}\`${ctx.to.resolved.offline ? ' (or its digest)' : ''}, and the default mode is \`${ctx.to.resolved.modeName}\`.`,
      rollback: [`helm rollback ${release} -n ${n}`, wait],
      rollbackNote: migrate ? 'Roll the serving runtimes step back first: the old chart takes the ClusterServingRuntimes back only once they name its release again.' : undefined,
    }),
  ];
};

export const runtimeSteps: StepBuilder = (ctx) => {
  if (!ctx.to.resolved.release.features.splitCharts) return [];
  const n = ns(ctx.to);
  const ref = ctx.to.plan.context.refs['kserve-runtime-configs']!;
  const values = ctx.to.plan.context.runtimeValuesFile!;
  const migrate = migratesCharts(ctx);
  const install = `helm upgrade${migrate ? ' -i' : ''} kserve-runtime-configs ${ref} -n ${n} -f ${values}`;
  const commands = migrate
    ? [
        forEach(RUNTIMES, `kubectl annotate "$r" meta.helm.sh/release-name=kserve-runtime-configs meta.helm.sh/release-namespace=${n} --overwrite`),
        install,
        forEach(RUNTIMES, 'kubectl annotate "$r" helm.sh/resource-policy-'),
      ]
    : [install];
  const runtimes: UpgradeStep = step({
    id: 'kserve-runtimes',
    layer: 'kserve',
    title: migrate ? 'Serving runtimes: hand them to kserve-runtime-configs' : `Serving runtimes (kserve-runtime-configs ${ctx.to.resolved.release.version})`,
    why: migrate
      ? [
          `From 0.17 the ClusterServingRuntimes come from kserve-runtime-configs. Helm adopts an existing object only if its meta.helm.sh annotations name the new release, so they are re-annotated first; the keep annotation comes off once the new release owns them (${MIGRATION_SOURCE}).`,
          'Runtimes the old chart shipped and the new one does not stay in the cluster, owned by no release: delete them once no InferenceService uses them.',
        ]
      : ['The runtimes come from their own chart since 0.17; the new controller (and its webhook) validates them.'],
    commands,
    check: ['kubectl get clusterservingruntimes', `helm list -n ${n} --filter '^kserve-runtime-configs$'`],
    expect: `the runtimes listed, and chart \`kserve-runtime-configs-v${ctx.to.resolved.release.version}\`.`,
    rollback: migrate
      ? [
          forEach(RUNTIMES, 'kubectl annotate "$r" helm.sh/resource-policy=keep --overwrite'),
          `helm uninstall kserve-runtime-configs -n ${n}`,
          forEach(RUNTIMES, `kubectl annotate "$r" meta.helm.sh/release-name=${mainRelease(ctx)} --overwrite`),
          forEach(RUNTIMES, 'kubectl annotate "$r" helm.sh/resource-policy-'),
        ]
      : [`helm rollback kserve-runtime-configs -n ${n}`],
  });
  return [runtimes];
};
