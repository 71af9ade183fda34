#!/usr/bin/env node
// Writes the benchmark survey definitions (SurveyJS JSON) into a served folder:
//   node tests/bench/make_definitions.mjs DIR [COUNT...]      (default counts: 40 200)
// -> DIR/defs-40.json, DIR/defs-200.json
//
// Deterministic (no randomness): the same input gives byte-identical files, so runs compare.
// Layout, repeating every 10 questions: text, radiogroup (是/否) that reveals the next
// question through visibleIf, comment (visibleIf), checkbox, dropdown, boolean, rating,
// radiogroup, text (visibleIf on the boolean), comment. The first question is a text field;
// the second is the first reveal trigger; all on one page (the worst case for rendering).
import fs from 'node:fs';
import path from 'node:path';

const TOPICS = [
  '楼道照明', '垃圾分类', '停车位', '电梯维护', '绿化养护', '快递存放', '噪音', '健身器材',
  '老年活动室', '儿童游乐区', '门禁系统', '物业服务', '消防通道', '雨水排放', '外墙维修',
  '社区食堂', '便民服务点', '充电桩', '宠物管理', '夜间巡逻',
];
const SATISFACTION = [
  { value: 'very_satisfied', text: '很满意' },
  { value: 'satisfied', text: '满意' },
  { value: 'neutral', text: '一般' },
  { value: 'unsatisfied', text: '不满意' },
  { value: 'very_unsatisfied', text: '很不满意' },
];
const YES_NO = [
  { value: 'yes', text: '是' },
  { value: 'no', text: '否' },
];
const CONCERNS = [
  { value: 'safety', text: '安全' },
  { value: 'cleanliness', text: '卫生' },
  { value: 'noise', text: '噪音' },
  { value: 'cost', text: '费用' },
  { value: 'access', text: '无障碍' },
  { value: 'other', text: '其他' },
];
const BUILDINGS = Array.from({ length: 12 }, (_, i) => ({ value: `b${i + 1}`, text: `${i + 1}号楼` }));

export function makeDefinition(count) {
  const elements = [];
  for (let i = 1; i <= count; i++) {
    const name = `q${i}`;
    const topic = TOPICS[Math.floor((i - 1) / 10) % TOPICS.length];
    const prev = `q${i - 1}`;
    switch ((i - 1) % 10) {
      case 0:
        elements.push({ type: 'text', name, title: `关于「${topic}」，您想先说点什么？`, placeholder: '请输入…' });
        break;
      case 1:
        elements.push({ type: 'radiogroup', name, title: `「${topic}」最近有问题吗？`, choices: YES_NO, isRequired: true });
        break;
      case 2:
        elements.push({ type: 'comment', name, title: `请描述「${topic}」的问题`, visibleIf: `{${prev}} = 'yes'` });
        break;
      case 3:
        elements.push({ type: 'checkbox', name, title: '您最关心哪些方面？（可多选）', choices: CONCERNS });
        break;
      case 4:
        elements.push({ type: 'dropdown', name, title: '您住在哪栋楼？', choices: BUILDINGS, placeholder: '请选择' });
        break;
      case 5:
        elements.push({ type: 'boolean', name, title: `您愿意参加「${topic}」讨论会吗？`, labelTrue: '愿意', labelFalse: '不愿意' });
        break;
      case 6:
        elements.push({ type: 'rating', name, title: `给「${topic}」打分`, rateMin: 1, rateMax: 5 });
        break;
      case 7:
        elements.push({ type: 'radiogroup', name, title: `您对「${topic}」满意吗？`, choices: SATISFACTION });
        break;
      case 8:
        elements.push({ type: 'text', name, title: '方便留个联系方式吗？', visibleIf: `{q${i - 3}} = true` });
        break;
      default:
        elements.push({ type: 'comment', name, title: '还有其他建议吗？' });
    }
  }
  return {
    title: `夜话 · 居民意见征集（${count} 题）`,
    description: '基准测试用的生成问卷',
    pages: [{ name: 'page1', elements }],
  };
}

function main() {
  const [dir, ...counts] = process.argv.slice(2);
  if (!dir) {
    console.error('usage: make_definitions.mjs DIR [COUNT...]');
    process.exit(2);
  }
  fs.mkdirSync(dir, { recursive: true });
  for (const n of (counts.length ? counts : ['40', '200']).map(Number)) {
    const file = path.join(dir, `defs-${n}.json`);
    const text = JSON.stringify(makeDefinition(n)) + '\n';
    fs.writeFileSync(file, text);
    console.log(`definitions: ${file} (${n} questions, ${Buffer.byteLength(text)} bytes)`);
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('make_definitions.mjs')) main();
