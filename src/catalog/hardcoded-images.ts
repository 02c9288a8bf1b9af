/**
 * Images the KServe charts write without a value that sets them. Offline, each one would be pulled
 * from its public registry, bypassing the mirror, so the tool writes a JSON patch (patches/) that
 * INSTALL.md applies after the chart (`kubectl patch --type json`), as it does for the rollout.
 * Sources: each tag's charts/kserve-resources templates (../shared/reference/charts/kserve/<tag>).
 */
import { FEATURE_RANGES as F } from './features.js';

/**
 * ClusterStorageContainer "default" with kserve/storage-initializer:latest: 0.11.1 and 0.11.2
 * (templates/clusterstoragecontainer.yaml; 0.11.0 and older have none, 0.12 reads kserve.storage.*).
 * The 0.11 injector prefers it over inferenceservice-config's storageInitializer image
 * (pkg/webhook/admission/pod/storage_initializer_injector.go: "Priority: CR > configMap").
 */
export const STORAGE_CONTAINER_HARDCODED = '>=0.11.1 <0.12.0-rc0';

/**
 * inferenceservice-config localModel before 0.17 ("defaultJobImage": "kserve/storage-initializer:latest"
 * in templates/configmap.yaml; from 0.17 kserve.localmodel.defaultJobImage/defaultJobTag set it).
 * data.localModel is one JSON document, so the patch repeats the chart's other defaults, which
 * changed twice: `shape` lists the keys in the chart's order, with their default values.
 */
export const LOCAL_MODEL_SECTIONS: readonly { range: string; shape: Record<string, unknown> }[] = [
  {
    // 0.14.0-rc1, 0.14.0: values localmodel.securityContext.FSGroup.
    range: '>=0.14.0-rc1 <0.14.1',
    shape: { enabled: false, jobNamespace: 'kserve-localmodel-jobs', defaultJobImage: '', FSGroup: 1000 },
  },
  {
    range: '>=0.14.1 <0.15.0-rc0',
    shape: { enabled: false, jobNamespace: 'kserve-localmodel-jobs', jobTTLSecondsAfterFinished: 3600, defaultJobImage: '', fsGroup: 1000, reconcilationFrequencyInSecs: 60 },
  },
  {
    range: '>=0.15.0-rc0 <0.17.0-rc0',
    shape: {
      enabled: false,
      jobNamespace: 'kserve-localmodel-jobs',
      jobTTLSecondsAfterFinished: 3600,
      defaultJobImage: '',
      fsGroup: 1000,
      reconcilationFrequencyInSecs: 60,
      disableVolumeManagement: false,
    },
  },
];

/**
 * ModelMesh's ClusterServingRuntimes (templates/modelmesh/clusterservingruntimes.yaml, installed while
 * kserve.modelmesh.enabled): one container each, image hard-coded. 0.11.0-rc0 shipped older ones.
 */
export const MODELMESH_RUNTIMES: readonly { range: string; runtimes: { name: string; image: string; tag: string }[] }[] = [
  {
    range: '<0.11.0-rc1',
    runtimes: [
      { name: 'mlserver-0.x', image: 'seldonio/mlserver', tag: '0.5.2' },
      { name: 'ovms-1.x', image: 'openvino/model_server', tag: '2022.2' },
      { name: 'triton-2.x', image: 'nvcr.io/nvidia/tritonserver', tag: '21.06.1-py3' },
      { name: 'torchserve-0.x', image: 'pytorch/torchserve', tag: '0.6.0-cpu' },
    ],
  },
  {
    range: `>=0.11.0-rc1 ${F.modelMesh}`,
    runtimes: [
      { name: 'mlserver-1.x', image: 'seldonio/mlserver', tag: '1.3.2' },
      { name: 'ovms-1.x', image: 'openvino/model_server', tag: '2022.2' },
      { name: 'triton-2.x', image: 'nvcr.io/nvidia/tritonserver', tag: '23.04-py3' },
      { name: 'torchserve-0.x', image: 'pytorch/torchserve', tag: '0.7.1-cpu' },
    ],
  },
];

/**
 * The multi-node Hugging Face runtime (from 0.15.0-rc1) runs "<huggingfaceserver image>:<tag>-gpu":
 * another image to mirror, and a tag the chart extends, so a digest in huggingfaceserver's tag would
 * give "<tag>@sha256:...-gpu", no image reference at all. Pinned, its two containers are patched.
 */
export const HF_MULTINODE = {
  range: '>=0.15.0-rc1',
  name: 'kserve-huggingfaceserver-multinode',
  suffix: '-gpu',
  paths: ['/spec/containers/0/image', '/spec/workerSpec/containers/0/image'],
} as const;
