import { Link } from 'react-router';
import { LABS, labPath } from '../../labs/registry';
import { MockModeNote } from './MockModeNote';
import './labs.css';

/** /labs: the attack labs, each with one line on the attack and links that open it with the defence off or on. */
export function LabsPage() {
  return (
    <section className="labs-page">
      <h1>Attack labs</h1>
      <p>
        Each lab plays one attack against the mock servers, step by step, with one defence switched off and then on: first the attack works, then it is refused
        with the spec’s own error. Every request and redirect on screen was really sent. A link to a lab keeps the position of the switch, so you can hand it
        out.
      </p>
      <MockModeNote />
      <ul className="lab-list">
        {LABS.map((lab) => (
          <li key={lab.id} className="card lab-card">
            <h2>
              <Link to={labPath(lab.id, 'off')}>{lab.title}</Link>
            </h2>
            <p>{lab.attack}</p>
            <p className="lab-card-links">
              <Link className="btn btn-secondary btn-small" to={labPath(lab.id, 'off')} aria-label={`${lab.title}: defence off`}>
                Defence off
              </Link>
              <Link className="btn btn-secondary btn-small" to={labPath(lab.id, 'on')} aria-label={`${lab.title}: defence on`}>
                Defence on
              </Link>
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
