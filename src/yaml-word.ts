/**
 * A word written into YAML stays plain only when no reader could take it for anything but the same
 * text, under YAML 1.2 (js-yaml) and YAML 1.1 (Go's yaml, which Helm, Knative and Kubernetes use,
 * and which reads y/n/on/off as booleans); anything else is JSON-quoted. Used for keys by the
 * template emitter and for the words inside net-istio's gateway lists.
 */
const PLAIN = /^[A-Za-z_][A-Za-z0-9_-]*(?:[./][A-Za-z0-9_-]+)*$/;
const YAML11_WORDS = /^(?:y|n|yes|no|on|off|true|false|null)$/i;

export function yamlWord(text: string): string {
  return PLAIN.test(text) && !YAML11_WORDS.test(text) ? text : JSON.stringify(text);
}
