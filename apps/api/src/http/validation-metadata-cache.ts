import { getMetadataStorage } from 'class-validator';

type MetadataStorage = ReturnType<typeof getMetadataStorage>;
type Metadatas = ReturnType<MetadataStorage['getTargetValidationMetadatas']>;
type Grouped = ReturnType<MetadataStorage['groupByPropertyName']>;

let installed = false;

/**
 * class-validator looks a class's rules up again on every validation, scanning every decorated
 * class to find inherited ones (typestack/class-validator#2686), and groups them by property
 * again. A request class's rules are all registered when the class is defined, before it can be
 * validated, so both answers are remembered per class and arguments (the fix twentyhq/twenty#24085
 * applies). Installed once, at start-up, on class-validator's one metadata storage.
 */
export function cacheValidationMetadata(): void {
  if (installed) return;
  installed = true;
  const storage = getMetadataStorage();
  const lookUp = storage.getTargetValidationMetadatas.bind(storage);
  const group = storage.groupByPropertyName.bind(storage);
  const byTarget = new WeakMap<object, Map<string, Metadatas>>();
  const grouped = new WeakMap<Metadatas, Grouped>();

  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const key = `${schema}\u0000${always}\u0000${strictGroups}\u0000${groups?.join('\u0000') ?? ''}`;
    let forTarget = byTarget.get(target);
    if (forTarget === undefined) byTarget.set(target, (forTarget = new Map()));
    let metadatas = forTarget.get(key);
    if (metadatas === undefined) forTarget.set(key, (metadatas = lookUp(target, schema, always, strictGroups, groups)));
    return metadatas;
  };
  storage.groupByPropertyName = (metadatas) => {
    let byProperty = grouped.get(metadatas);
    if (byProperty === undefined) grouped.set(metadatas, (byProperty = group(metadatas)));
    return byProperty;
  };
}
