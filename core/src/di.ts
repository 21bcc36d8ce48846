/**
 * The dependency-injection container knhk uses (tsyringe). `reflect-metadata` must be
 * loaded before tsyringe; importing DI through this module guarantees the order.
 */
import 'reflect-metadata';
export { container, inject, injectable, singleton, Lifecycle } from 'tsyringe';
export type { DependencyContainer, InjectionToken } from 'tsyringe';
export type { ClassProvider, FactoryProvider, ValueProvider, TokenProvider } from 'tsyringe';
