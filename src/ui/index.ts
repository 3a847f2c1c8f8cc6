/**
 * The playground's shared presentational components. They take journal and
 * flow records as props and render them; nothing here fetches or routes.
 * The stylesheet is separate: import './ui/styles.css' once at the app's entry.
 */
export { CodeBlock } from './CodeBlock';
export { CopyButton } from './CopyButton';
export { ExchangeView } from './ExchangeView';
export * from './format';
export { SequenceDiagram } from './SequenceDiagram';
export { SpecLinks } from './SpecLinks';
export { StepCard } from './StepCard';
