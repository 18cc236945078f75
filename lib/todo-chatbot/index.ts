export * from './values';
export * from './chart';
export * from './load-values';
