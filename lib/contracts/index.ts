// The contract module's pure, light parts. Import ./csv (papaparse) and ./store (browser storage,
// runs migrations on import) by path where they are needed, so the content script does not carry them.
export * from './model';
export * from './validate';
export * from './json';
export * from './defaults';
export * from './status';
export * from './diff';
