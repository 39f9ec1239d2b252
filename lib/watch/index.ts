// The pure parts of watched tickets (no storage): import ./store by path where storage is needed.
export * from './types';
export * from './schedule';
export * from './from-sla';
