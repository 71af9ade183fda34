// SurveyJS's side of the differential test: survey-core (SurveyJS's own engine, MIT) walks a
// definition the way a resident would, following one of the scripts below, and reports what it
// saw in the shape check/src/walk.rs reports for yehua-core (README.md in this folder).
//
// Scripts (the same rules on both sides):
//   first     answer every visible question with its first choice (true, the lowest rating)
//   last      answer every visible question with its last choice (false, the highest rating)
//   required  answer only the questions that are required at that moment, with the first choice
// Texts get a value fitting their inputType (ANSWER_FOR_INPUT); choices are taken in the order the
// definition lists them, among those shown and enabled ("other", "none" and "select all" never).

import { Model } from 'survey-core';

/** What a resident types into a text question of this `inputType` (same table in walk.rs). */
export const ANSWER_FOR_INPUT = {
  date: '2024-01-15',
  time: '10:30',
  'datetime-local': '2024-01-15T10:30',
  month: '2024-01',
  week: '2024-W03',
  email: 'resident@example.org',
  tel: '13800000000',
  url: 'https://example.org/',
  color: '#336699',
  password: 'secret-1',
};
export const TEXT_ANSWER = 'answer';
export const COMMENT_ANSWER = 'comment';
const MAX_STEPS = 100;

function numberAnswer(q) {
  const min = Number(q.min);
  return q.min !== undefined && q.min !== '' && Number.isFinite(min) ? min : 1;
}

/** A resident cannot type past `maxLength` (the input refuses it): the answer is cut there. */
function fit(q, text) {
  const max = Number(q.maxLength);
  return Number.isInteger(max) && max > 0 ? [...text].slice(0, max).join('') : text;
}

function textAnswer(q) {
  const input = q.inputType || 'text';
  if (input === 'number' || input === 'range') return numberAnswer(q);
  return fit(q, ANSWER_FOR_INPUT[input] ?? TEXT_ANSWER);
}

function pick(list, script) {
  if (list.length === 0) return undefined;
  return script === 'last' ? list[list.length - 1] : list[0];
}

/** The choices a resident can pick, in definition order. */
function selectable(q) {
  const special = new Set(['other', 'none', 'selectall']);
  const shown = new Set((q.visibleChoices || []).map((c) => c.value));
  return (q.choices || [])
    .filter((c) => shown.has(c.value) && c.isEnabled !== false && !special.has(String(c.value)))
    .map((c) => c.value);
}

/** Sets `q`'s answer as the script says; false when the walk has no answer for its type. */
function answer(q, script) {
  const type = q.getType();
  switch (type) {
    case 'text':
      q.value = textAnswer(q);
      return true;
    case 'comment':
      q.value = fit(q, COMMENT_ANSWER);
      return true;
    case 'radiogroup':
    case 'dropdown': {
      const v = pick(selectable(q), script);
      if (v === undefined) return false;
      q.value = v;
      return true;
    }
    case 'checkbox': {
      const v = pick(selectable(q), script);
      if (v === undefined) return false;
      q.value = [v];
      return true;
    }
    case 'boolean':
      q.booleanValue = script !== 'last';
      return true;
    case 'rating': {
      const v = pick((q.visibleRateValues || []).map((r) => r.value), script);
      if (v === undefined) return false;
      q.value = v;
      return true;
    }
    case 'matrix': {
      const columns = (q.visibleColumns || q.columns || []).map((c) => c.value);
      const column = pick(columns, script);
      if (column === undefined) return false;
      const value = {};
      for (const row of q.visibleRows || []) value[row.name ?? row.item?.value] = column;
      q.value = value;
      return true;
    }
    case 'multipletext': {
      const value = {};
      for (const item of q.items || []) {
        const input = item.inputType || 'text';
        value[item.name] =
          input === 'number' || input === 'range' ? 1 : (ANSWER_FOR_INPUT[input] ?? TEXT_ANSWER);
      }
      q.value = value;
      return true;
    }
    default:
      return false;
  }
}

const visibleOn = (page) => page.questions.filter((q) => q.isVisible && q.isParentVisible !== false);
/** Questions that take an answer (html is text to read, in both engines). */
const answerable = (q) => q.getType() !== 'html';

/** Walks `json` with `script`; never throws (a definition SurveyJS refuses is `loaded: false`). */
export function walk(json, script) {
  let survey;
  try {
    survey = new Model(json);
  } catch (e) {
    return { loaded: false, error: String(e), steps: [], outcome: 'refused', data: {} };
  }
  const steps = [];
  let outcome = 'blocked';
  let blocked;
  const answered = new Set();
  for (let n = 0; n < MAX_STEPS; n++) {
    if (survey.state === 'starting') {
      steps.push({ page: survey.startedPage?.name ?? survey.firstVisiblePage?.name ?? '', visible: [], required: [] });
      survey.start();
      continue;
    }
    if (survey.state !== 'running') break;
    const page = survey.currentPage;
    if (!page) break;
    for (let round = 0; round < 20; round++) {
      let changed = false;
      for (const q of visibleOn(page).filter(answerable)) {
        if (answered.has(q.name)) continue;
        if (script === 'required' && !q.isRequired) continue;
        answered.add(q.name);
        if (answer(q, script)) changed = true;
      }
      if (!changed) break;
    }
    const shown = visibleOn(page).filter(answerable);
    steps.push({
      page: page.name,
      visible: shown.map((q) => q.name),
      required: shown.filter((q) => q.isRequired).map((q) => q.name),
    });
    const last = survey.isLastPage;
    const moved = last ? survey.completeLastPage() : survey.nextPage();
    if (survey.state === 'completed') {
      outcome = 'completed';
      break;
    }
    if (!moved) {
      blocked = { page: page.name, problems: shown.filter((q) => q.errors.length > 0).map((q) => q.name) };
      break;
    }
  }
  return {
    loaded: true,
    steps,
    outcome,
    ...(blocked ? { blocked } : {}),
    data: outcome === 'completed' ? survey.data : {},
  };
}
