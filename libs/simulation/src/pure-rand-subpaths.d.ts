/**
 * pure-rand 8 publishes its modules only through package.json `exports`
 * (`pure-rand/generator/xoroshiro128plus`, …), which this repository's `moduleResolution: node10`
 * does not read. These declarations point the type checker at the same modules' declaration
 * files under `lib/`; at run time Node and Jest resolve the `exports` paths themselves.
 */
declare module 'pure-rand/generator/xoroshiro128plus' {
  export * from 'pure-rand/lib/generator/xoroshiro128plus';
}

declare module 'pure-rand/distribution/uniformInt' {
  export * from 'pure-rand/lib/distribution/uniformInt';
}

declare module 'pure-rand/distribution/uniformFloat64' {
  export * from 'pure-rand/lib/distribution/uniformFloat64';
}
