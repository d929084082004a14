export * from './types';
export * from './manifest';
export * from './encode';
export * from './cost-outcome-model';
