import { Component, type ComponentChildren } from 'preact';
import { messageOf, report } from '../lib/runtime/safely';

interface Props {
  id: string;
  fallback: (error: string) => ComponentChildren;
  children?: ComponentChildren;
}

/** A render error in any part of the overlay becomes a small fallback, never an exception in the page. */
export class ErrorBoundary extends Component<Props, { error: string | null }> {
  override state = { error: null as string | null };

  static override getDerivedStateFromError(error: unknown) {
    return { error: messageOf(error) };
  }

  override componentDidCatch(error: unknown) {
    report(`render:${this.props.id}`, error);
  }

  override render() {
    return this.state.error !== null ? this.props.fallback(this.state.error) : this.props.children;
  }
}
