/**
 * # API reference: `todo-chatbot-k8s/todo-chatbot`
 *
 * The todo-chatbot app built from the generic constructs of [`todo-chatbot-k8s`](../api.md): its chart, its
 * values model and defaults.
 *
 * @module todo-chatbot-k8s/todo-chatbot
 */
export * from './values';
export * from './chart';
export * from './load-values';
export * from './prerequisites';
