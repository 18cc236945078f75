// The whole todo-chatbot app, with your own values over its defaults.
import { App } from 'cdk8s';
import { checkValues, TodoChatbotChart, TodoChatbotValuesFile, withValues } from 'todo-chatbot-k8s/todo-chatbot';

const mine: TodoChatbotValuesFile = {
  backend: { replicaCount: 2, image: { repository: 'registry.example.com/todo-backend', tag: '1.0.0' } },
  frontend: { service: { type: 'ClusterIP' } },
};

const app = new App({ outdir: 'dist-todo' });
new TodoChatbotChart(app, 'todo', { values: checkValues(withValues(mine), 'my values') });
app.synth();
