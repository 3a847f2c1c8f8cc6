/**
 * The playground's shared presentational components. They take journal and
 * flow records as props and render them; nothing here fetches or routes.
 * The stylesheet is separate: import './ui/styles.css' once at the app's entry.
 */
export { ActorChip } from './ActorChip';
export { ArtifactView, CheckList, type ArtifactViewProps } from './ArtifactView';
export { ChannelTag } from './ChannelTag';
export { copyText } from './clipboard';
export { CodeBlock } from './CodeBlock';
export { CopyButton, type CopyButtonProps } from './CopyButton';
export { exchangeToCurl, shellQuote, type HttpExchange } from '../journal/curl';
export { ErrorBoundary, type ErrorBoundaryProps } from './ErrorBoundary';
export { ErrorPanel } from './ErrorPanel';
export { ExchangeView, ParamTable } from './ExchangeView';
export * from './format';
export { SequenceDiagram, type SequenceDiagramProps } from './SequenceDiagram';
export { SpecLink, SpecLinks } from './SpecLinks';
export { StatusBadge } from './StatusBadge';
export { StepCard, stepNumber, type StepCardProps, type StepInfo } from './StepCard';
export { InlineCode } from './InlineCode';
