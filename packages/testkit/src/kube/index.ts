export { type KubeSimulator, type KubeSimulatorOptions, startKubeSimulator } from './simulator.ts';
