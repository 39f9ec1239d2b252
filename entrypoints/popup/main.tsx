import { render } from 'preact';

function Popup() {
  return <main><h1>SLA Lens</h1><p>Customer lookup arrives with the console issue.</p></main>;
}

render(<Popup />, document.getElementById('app')!);
