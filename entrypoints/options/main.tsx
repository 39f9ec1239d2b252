import { render } from 'preact';

function Options() {
  return <main><h1>SLA Lens — contracts</h1></main>;
}

render(<Options />, document.getElementById('app')!);
