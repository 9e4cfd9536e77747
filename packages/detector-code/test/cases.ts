/**
 * Fixture cases per rule: Python snippets (or notebook cells) with the exact findings expected,
 * and lookalikes that must produce no finding at all. The meta test checks every rule has both.
 */
import type { Found } from "./helpers.js";

export interface Case {
  name: string;
  /** A .py file, or notebook cells when an array. */
  code: string | string[];
  /** Every finding of the scan, exactly (rule, severity, covered text). Empty for negatives. */
  expect: Found[];
}

export const CASES: Record<string, { positive: Case[]; negative: Case[] }> = {
  "code/exec-downloaded-content": {
    positive: [
      {
        name: "exec of requests text",
        code: "import requests\nexec(requests.get(URL).text)\n",
        expect: [["code/exec-downloaded-content", "critical", "exec(requests.get(URL).text)"]],
      },
      {
        name: "eval of urlopen().read() through a variable",
        code: "from urllib.request import urlopen\nsrc = urlopen(u).read().decode()\nresult = eval(src)\n",
        expect: [["code/exec-downloaded-content", "critical", "eval(src)"]],
      },
      {
        name: "exec of compile of a response across notebook cells",
        code: ["import requests as rq\nresp = rq.get(url, timeout=5)", "code = resp.text", "exec(compile(code, 'remote', 'exec'))"],
        expect: [["code/exec-downloaded-content", "critical", "exec(compile(code, 'remote', 'exec'))"]],
      },
      {
        name: "with urlopen as response",
        code: "import urllib.request\nwith urllib.request.urlopen(u) as r:\n    exec(r.read())\n",
        expect: [["code/exec-downloaded-content", "critical", "exec(r.read())"]],
      },
      {
        name: "exec of !curl output",
        code: ["script = !curl -s https://example.org/setup.py", "exec('\\n'.join(script))"],
        expect: [["code/exec-downloaded-content", "critical", "exec('\\n'.join(script))"]],
      },
    ],
    negative: [
      { name: "json of a response", code: "import requests\ndata = requests.get(u).json()\nprint(data['x'])\n", expect: [] },
      { name: "literal exec", code: "exec('x = 1')\n", expect: [] },
    ],
  },
  "code/shell-pipe-to-interpreter": {
    positive: [
      {
        name: "curl | sh line",
        code: ["!curl -fsSL https://get.example.sh | sh"],
        expect: [["code/shell-pipe-to-interpreter", "critical", "curl -fsSL https://get.example.sh | sh"]],
      },
      {
        name: "wget -O- | sudo bash in a %%bash cell",
        code: ["%%bash\nset -e\nwget -qO- https://example.org/i.sh | sudo -E bash -\n"],
        expect: [
          ["code/shell-pipe-to-interpreter", "critical", "wget -qO- https://example.org/i.sh | sudo -E bash -"],
          ["code/shell-sudo", "low", "sudo -E bash -"],
        ],
      },
      {
        name: "curl | bash -s -- args and curl | python3 -",
        code: ["!curl -sSf https://sh.example.rs | sh -s -- -y\n!curl -sSL https://install.example.org | python3 - --version 1.8"],
        expect: [
          ["code/shell-pipe-to-interpreter", "critical", "curl -sSL https://install.example.org | python3 - --version 1.8"],
          ["code/shell-pipe-to-interpreter", "critical", "curl -sSf https://sh.example.rs | sh -s -- -y"],
        ],
      },
      {
        name: "bash <(curl …)",
        code: ["!bash <(curl -s https://example.org/x.sh)"],
        expect: [["code/shell-pipe-to-interpreter", "critical", "bash <(curl -s https://example.org/x.sh)"]],
      },
      {
        name: "sh -c \"$(curl …)\"",
        code: ['!sh -c "$(curl -fsSL https://example.org/install.sh)"'],
        expect: [["code/shell-pipe-to-interpreter", "critical", 'sh -c "$(curl -fsSL https://example.org/install.sh)"']],
      },
      {
        name: "curl | python3 - in os.system",
        code: "import os\nos.system('curl -sSL https://install.example.org | python3 -')\n",
        expect: [["code/shell-pipe-to-interpreter", "critical", "os.system('curl -sSL https://install.example.org | python3 -')"]],
      },
      {
        name: "f-string command with shell=True",
        code: "import subprocess\nsubprocess.run(f'curl {url} | bash', shell=True)\n",
        expect: [
          ["code/shell-injection", "high", "subprocess.run(f'curl {url} | bash', shell=True)"],
          ["code/shell-pipe-to-interpreter", "critical", "subprocess.run(f'curl {url} | bash', shell=True)"],
        ],
      },
      {
        name: "get_ipython().system in a .py export",
        code: "get_ipython().system('curl -s https://example.org/a.sh | bash')\n",
        expect: [["code/shell-pipe-to-interpreter", "critical", "get_ipython().system('curl -s https://example.org/a.sh | bash')"]],
      },
      {
        name: "argv list bash -c",
        code: "import subprocess\nsubprocess.run(['bash', '-c', 'curl -s https://example.org/a.sh | sh'])\n",
        expect: [["code/shell-pipe-to-interpreter", "critical", "subprocess.run(['bash', '-c', 'curl -s https://example.org/a.sh | sh'])"]],
      },
    ],
    negative: [
      { name: "curl to a file", code: ["!curl -L https://example.org/data.tar.gz -o data.tar.gz"], expect: [] },
      { name: "wget | tar", code: ["!wget -qO- https://example.org/d.tgz | tar xz"], expect: [] },
      { name: "curl | python -m json.tool", code: ["!curl -s https://api.example.org/v1 | python -m json.tool"], expect: [] },
      { name: "echo of the text", code: ['!echo "curl https://x | sh" > notes.txt'], expect: [] },
      { name: "download piped as data into a local script", code: ["!curl -s https://example.org/d.csv | python clean.py --out d.csv"], expect: [] },
    ],
  },
  "code/pickle-load": {
    positive: [
      {
        name: "pickle.load with alias",
        code: "import pickle as pk\nwith open('m.pkl', 'rb') as f:\n    model = pk.load(f)\n",
        expect: [["code/pickle-load", "high", "pk.load(f)"]],
      },
      {
        name: "from pickle import loads as l",
        code: "from pickle import loads as l\nobj = l(blob)\n",
        expect: [["code/pickle-load", "high", "l(blob)"]],
      },
      {
        name: "cPickle, _pickle, dill, cloudpickle, joblib, pandas",
        code: [
          "import cPickle\nimport _pickle\nimport dill, cloudpickle, joblib\nimport pandas as pd",
          "a = cPickle.load(f)\nb = _pickle.loads(s)\nc = dill.load(f)\nd = cloudpickle.loads(s)\ne = joblib.load('clf.joblib')\ndf = pd.read_pickle('df.pkl')",
        ],
        expect: [
          ["code/pickle-load", "high", "_pickle.loads(s)"],
          ["code/pickle-load", "high", "cPickle.load(f)"],
          ["code/pickle-load", "high", "cloudpickle.loads(s)"],
          ["code/pickle-load", "high", "dill.load(f)"],
          ["code/pickle-load", "high", "joblib.load('clf.joblib')"],
          ["code/pickle-load", "high", "pd.read_pickle('df.pkl')"],
        ],
      },
      {
        name: "sklearn.externals joblib and Unpickler",
        code: "from sklearn.externals import joblib\nimport pickle\nclf = joblib.load(p)\nu = pickle.Unpickler(f).load()\n",
        expect: [
          ["code/pickle-load", "high", "joblib.load(p)"],
          ["code/pickle-load", "high", "pickle.Unpickler(f)"],
        ],
      },
      {
        name: "skops trusted=True",
        code: "import skops.io as sio\nclf = sio.load('m.skops', trusted=True)\nok = sio.load('m.skops', trusted=untrusted_types)\n",
        expect: [["code/pickle-load", "high", "trusted=True"]],
      },
      {
        name: "shelve is medium",
        code: "import shelve\ndb = shelve.open('cache')\n",
        expect: [["code/pickle-load", "medium", "shelve.open('cache')"]],
      },
    ],
    negative: [
      {
        name: "dump, json.load and unrelated load methods",
        code: "import pickle, json\nfrom PIL import Image\npickle.dump(obj, f)\ncfg = json.load(f)\nimg = Image.open(p)\nloader.load(x)\nself.pickle.load(f)\n",
        expect: [],
      },
      { name: "df.to_pickle", code: "import pandas as pd\ndf.to_pickle('x.pkl')\n", expect: [] },
    ],
  },
  "code/torch-load-unsafe": {
    positive: [
      {
        name: "weights_only=False",
        code: "import torch\nckpt = torch.load(path, map_location='cpu', weights_only=False)\n",
        expect: [["code/torch-load-unsafe", "high", "torch.load(path, map_location='cpu', weights_only=False)"]],
      },
      {
        name: "weights_only from a module constant",
        code: "from torch import load\nSAFE = False\nm = load(p, weights_only=SAFE)\n",
        expect: [["code/torch-load-unsafe", "high", "load(p, weights_only=SAFE)"]],
      },
    ],
    negative: [
      { name: "weights_only=True", code: "import torch\nsd = torch.load(p, weights_only=True)\n", expect: [] },
      { name: "torch.save and torch.jit.load", code: "import torch\ntorch.save(m, p)\nm = torch.jit.load(p)\n", expect: [] },
    ],
  },
  "code/torch-load-without-weights-only": {
    positive: [
      {
        name: "plain torch.load",
        code: "import torch\nmodel.load_state_dict(torch.load('model.pt', map_location=device))\n",
        expect: [["code/torch-load-without-weights-only", "medium", "torch.load('model.pt', map_location=device)"]],
      },
      {
        name: "torch.hub.load_state_dict_from_url",
        code: "import torch\nsd = torch.hub.load_state_dict_from_url(URL)\n",
        expect: [["code/torch-load-without-weights-only", "medium", "torch.hub.load_state_dict_from_url(URL)"]],
      },
    ],
    negative: [{ name: "weights_only=True constant", code: "import torch as T\nW = True\nT.load(p, weights_only=W)\n", expect: [] }],
  },
  "code/numpy-allow-pickle": {
    positive: [
      {
        name: "np.load(allow_pickle=True)",
        code: "import numpy as np\nd = np.load('d.npy', allow_pickle=True).item()\n",
        expect: [["code/numpy-allow-pickle", "high", "np.load('d.npy', allow_pickle=True)"]],
      },
      {
        name: "np without import (imported in another file)",
        code: "x = np.load(f, allow_pickle = True)\n",
        expect: [["code/numpy-allow-pickle", "high", "np.load(f, allow_pickle = True)"]],
      },
    ],
    negative: [
      {
        name: "defaults and allow_pickle=False",
        code: "import numpy as np\na = np.load('a.npy')\nb = np.load('b.npz', allow_pickle=False)\n",
        expect: [],
      },
    ],
  },
  "code/yaml-unsafe-load": {
    positive: [
      {
        name: "yaml.load(f, Loader=yaml.Loader)",
        code: "import yaml\ncfg = yaml.load(f, Loader=yaml.Loader)\n",
        expect: [["code/yaml-unsafe-load", "high", "yaml.load(f, Loader=yaml.Loader)"]],
      },
      {
        name: "yaml.load without a loader",
        code: "import yaml\ncfg = yaml.load(open('c.yaml'))\n",
        expect: [["code/yaml-unsafe-load", "high", "yaml.load(open('c.yaml'))"]],
      },
      {
        name: "unsafe_load and full_load (FullLoader is not a safe loader)",
        code: "import yaml\na = yaml.unsafe_load(s)\nb = yaml.full_load(s)\nc = yaml.load(s, Loader=yaml.FullLoader)\n",
        expect: [
          ["code/yaml-unsafe-load", "high", "yaml.unsafe_load(s)"],
          ["code/yaml-unsafe-load", "high", "yaml.full_load(s)"],
          ["code/yaml-unsafe-load", "high", "yaml.load(s, Loader=yaml.FullLoader)"],
        ],
      },
      {
        name: "PyYAML doc snippet with CLoader fallback",
        code: "from yaml import load\ntry:\n    from yaml import CLoader as Loader\nexcept ImportError:\n    from yaml import Loader\ndata = load(stream, Loader=Loader)\n",
        expect: [["code/yaml-unsafe-load", "high", "load(stream, Loader=Loader)"]],
      },
    ],
    negative: [
      {
        name: "safe loaders",
        code:
          "import yaml\nfrom yaml import SafeLoader\na = yaml.safe_load(f)\nb = yaml.load(f, Loader=yaml.SafeLoader)\nc = yaml.load(f, SafeLoader)\n" +
          "d = yaml.load(f, Loader=yaml.CSafeLoader)\nclass L(yaml.SafeLoader):\n    pass\ne = yaml.load(f, Loader=L)\n",
        expect: [],
      },
      {
        name: "ruamel YAML instance named yaml",
        code: "from ruamel.yaml import YAML\nyaml = YAML(typ='safe')\ncfg = yaml.load(f)\n",
        expect: [],
      },
    ],
  },
  "code/shell-injection": {
    positive: [
      {
        name: "shell=True with a variable",
        code: "import subprocess\nsubprocess.run(cmd, shell=True, check=True)\n",
        expect: [["code/shell-injection", "high", "subprocess.run(cmd, shell=True, check=True)"]],
      },
      {
        name: "os.system with an f-string",
        code: "import os\nos.system(f'python train.py --data {path}')\n",
        expect: [["code/shell-injection", "high", "os.system(f'python train.py --data {path}')"]],
      },
      {
        name: "__import__('os').system",
        code: "__import__('os').system(cmd)\n",
        expect: [["code/shell-injection", "high", "__import__('os').system(cmd)"]],
      },
      {
        name: "os.system with a constant is still high (policy), pip lines included",
        code: "import os\nos.system('nvidia-smi')\nos.system('pip install -q transformers')\n",
        expect: [
          ["code/shell-injection", "high", "os.system('nvidia-smi')"],
          ["code/shell-injection", "high", "os.system('pip install -q transformers')"],
        ],
      },
      {
        name: "Popen shell=True constant is low",
        code: "from subprocess import Popen\nPopen('ls -la', shell=True)\n",
        expect: [["code/shell-injection", "low", "Popen('ls -la', shell=True)"]],
      },
    ],
    negative: [
      {
        name: "argv lists and shell=False",
        code: "import subprocess, sys\nsubprocess.run(['ls', '-l', path])\nsubprocess.check_call([sys.executable, '-m', 'pip', 'install', 'x'])\nsubprocess.run(cmd, shell=False)\n",
        expect: [],
      },
      { name: "subprocess shell=True of a pip install", code: "import subprocess\nsubprocess.run('pip install -q x', shell=True)\n", expect: [] },
    ],
  },
  "code/os-popen": {
    positive: [
      {
        name: "os.popen",
        code: "import os\nout = os.popen('nvidia-smi').read()\n",
        expect: [["code/os-popen", "medium", "os.popen('nvidia-smi')"]],
      },
    ],
    negative: [{ name: "subprocess.run capture", code: "import subprocess\nsubprocess.run(['nvidia-smi'], capture_output=True)\n", expect: [] }],
  },
  "code/dynamic-exec": {
    positive: [
      {
        name: "eval of a variable",
        code: "model_cls = eval(args.arch)\n",
        expect: [["code/dynamic-exec", "high", "eval(args.arch)"]],
      },
      {
        name: "exec of a built string and inside an f-string replacement",
        code: "exec('import ' + name)\nmsg = f'value: {eval(expr)}'\n",
        expect: [
          ["code/dynamic-exec", "high", "eval(expr)"],
          ["code/dynamic-exec", "high", "exec('import ' + name)"],
        ],
      },
      {
        name: "eval passed as a function (pandas apply, read_csv converters)",
        code: "import pandas as pd\ndf['emb'] = df.emb.apply(eval)\nd = pd.read_csv(p, converters={'v': eval})\n",
        expect: [
          ["code/dynamic-exec", "high", "eval"],
          ["code/dynamic-exec", "high", "eval"],
        ],
      },
      {
        name: "exec of a repository file is low",
        code: "exec(open('mypkg/version.py').read())\n",
        expect: [["code/dynamic-exec", "low", "exec(open('mypkg/version.py').read())"]],
      },
    ],
    negative: [
      {
        name: "model.eval, literal_eval, pandas eval/query",
        code: "import ast\nimport pandas as pd\nmodel.eval()\nx = ast.literal_eval(s)\ndf.query('a > 1')\ndf.eval('c = a + b')\npd.eval('1 + 2')\neval('1 + 2')\n",
        expect: [],
      },
      {
        name: "eval as a keyword or key name",
        code: "trainer.fit(model, eval=True)\ncfg = {'eval': 1, 'exec': 2}\nrun(mode='eval')\n",
        expect: [],
      },
      {
        name: "a user-defined eval",
        code: "def eval(model, loader):\n    return 0\nscore = eval(net, val_loader)\n",
        expect: [],
      },
    ],
  },
  "code/trust-remote-code": {
    positive: [
      {
        name: "from_pretrained trust_remote_code=True",
        code: "from transformers import AutoModelForCausalLM\nm = AutoModelForCausalLM.from_pretrained(\n    name,\n    trust_remote_code=True,\n)\n",
        expect: [["code/trust-remote-code", "high", "trust_remote_code=True"]],
      },
      {
        name: "in a kwargs dict and as a parameter default",
        code: "pipe = pipeline('text-generation', model=m, model_kwargs={'trust_remote_code': True})\ndef load(name, trust_remote_code=True):\n    return AutoModel.from_pretrained(name, trust_remote_code=trust_remote_code)\n",
        expect: [
          ["code/trust-remote-code", "high", "'trust_remote_code': True"],
          ["code/trust-remote-code", "high", "trust_remote_code=True"],
        ],
      },
    ],
    negative: [
      {
        name: "False, None and a passthrough",
        code: "AutoModel.from_pretrained(n, trust_remote_code=False)\nload_dataset(d, trust_remote_code=None)\nAutoModel.from_pretrained(n, trust_remote_code=args.trust_remote_code)\n",
        expect: [],
      },
    ],
  },
  "code/keras-unsafe-load": {
    positive: [
      {
        name: "load_model(safe_mode=False)",
        code: "import keras\nm = keras.models.load_model('m.keras', safe_mode=False)\n",
        expect: [["code/keras-unsafe-load", "high", "safe_mode=False"]],
      },
      {
        name: "tf.keras alias and enable_unsafe_deserialization",
        code: "import tensorflow as tf\nfrom keras import config\nconfig.enable_unsafe_deserialization()\nm = tf.keras.models.load_model(p, safe_mode=False)\n",
        expect: [
          ["code/keras-unsafe-load", "high", "config.enable_unsafe_deserialization()"],
          ["code/keras-unsafe-load", "high", "safe_mode=False"],
        ],
      },
    ],
    negative: [
      {
        name: "safe defaults",
        code: "import keras\nm = keras.saving.load_model('m.keras')\nn = keras.models.load_model(p, safe_mode=True)\n",
        expect: [],
      },
    ],
  },
  "code/tls-verify-disabled": {
    positive: [
      {
        name: "requests verify=False and disable_warnings",
        code: "import requests, urllib3\nurllib3.disable_warnings()\nr = requests.get(url, verify=False)\n",
        expect: [
          ["code/tls-verify-disabled", "high", "verify=False"],
          ["code/tls-verify-disabled", "low", "urllib3.disable_warnings()"],
        ],
      },
      {
        name: "unverified SSL context patch",
        code: "import ssl\nssl._create_default_https_context = ssl._create_unverified_context\n",
        expect: [["code/tls-verify-disabled", "high", "ssl._create_unverified_context"]],
      },
      {
        name: "CERT_NONE, check_hostname and a session",
        code: "import ssl, requests\nctx = ssl.create_default_context()\nctx.check_hostname = False\nctx.verify_mode = ssl.CERT_NONE\ns = requests.Session()\ns.verify = False\n",
        expect: [
          ["code/tls-verify-disabled", "high", "s.verify = False"],
          ["code/tls-verify-disabled", "high", "ssl.CERT_NONE"],
          ["code/tls-verify-disabled", "high", "ctx.check_hostname = False"],
        ],
      },
    ],
    negative: [
      {
        name: "verify=True, a CA bundle, comparisons, unrelated verify attributes",
        code: "import requests, ssl\nrequests.get(u, verify=True)\nrequests.get(u, verify='/etc/ssl/ca.pem')\nif ctx.verify_mode == ssl.CERT_NONE:\n    pass\nargs.verify = False\n",
        expect: [],
      },
    ],
  },
  "code/torch-hub-load": {
    positive: [
      {
        name: "torch.hub.load",
        code: "import torch\nm = torch.hub.load('ultralytics/yolov5', 'yolov5s')\nn = torch.hub.load('org/repo', 'm', trust_repo=True)\n",
        expect: [
          ["code/torch-hub-load", "low", "torch.hub.load('ultralytics/yolov5', 'yolov5s')"],
          ["code/torch-hub-load", "medium", "torch.hub.load('org/repo', 'm', trust_repo=True)"],
        ],
      },
    ],
    negative: [{ name: "local hub dir", code: "import torch\nm = torch.hub.load('.', 'custom', source='local')\n", expect: [] }],
  },
  "code/shell-sudo": {
    positive: [
      {
        name: "!sudo apt-get",
        code: ["!sudo apt-get install -y ffmpeg"],
        expect: [["code/shell-sudo", "low", "sudo apt-get install -y ffmpeg"]],
      },
    ],
    negative: [
      { name: "pip lines belong to the dependency detector", code: ["!sudo pip install torch\n%pip install numpy"], expect: [] },
      { name: "the word sudo in an argument, sudo --version", code: ["!echo sudo\n!sudo --version"], expect: [] },
    ],
  },
  "code/chmod-downloaded": {
    positive: [
      {
        name: "wget then chmod +x in another cell",
        code: ["!wget https://example.org/tools/runner", "!chmod +x runner"],
        expect: [["code/chmod-downloaded", "medium", "chmod +x runner"]],
      },
      {
        name: "curl -o then chmod 755",
        code: ["!curl -fsSL -o /tmp/inst.sh https://example.org/inst.sh && chmod 755 /tmp/inst.sh"],
        expect: [["code/chmod-downloaded", "medium", "chmod 755 /tmp/inst.sh"]],
      },
    ],
    negative: [{ name: "chmod of a local script", code: ["!chmod +x scripts/train.sh"], expect: [] }],
  },
  "code/shell-run-downloaded": {
    positive: [
      {
        name: "wget then bash",
        code: ["!wget -q https://repo.example.org/Miniconda3-latest-Linux-x86_64.sh\n!bash Miniconda3-latest-Linux-x86_64.sh -b -p /usr/local"],
        expect: [["code/shell-run-downloaded", "medium", "bash Miniconda3-latest-Linux-x86_64.sh -b -p /usr/local"]],
      },
      {
        name: "curl -O then ./file",
        code: ["%%bash\ncurl -LO https://example.org/bin/tool\nchmod +x tool\n./tool --version\n"],
        expect: [
          ["code/chmod-downloaded", "medium", "chmod +x tool"],
          ["code/shell-run-downloaded", "medium", "./tool --version"],
        ],
      },
    ],
    negative: [{ name: "running a repository script", code: ["!bash scripts/download_data.sh"], expect: [] }],
  },
};
