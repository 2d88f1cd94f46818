"""TransformerDecoderLayer, TransformerDecoder and Transformer against PyTorch: reprs,
construction warnings, outputs and gradients with masks, causal-mask detection, errors."""

from __future__ import annotations

from typing import Any

import pytest
from transcripts import same


def _fill(torch: Any, module: Any) -> Any:
    """Deterministic weights, the same in both libraries."""
    with torch.no_grad():
        for index, parameter in enumerate(module.parameters()):
            values = torch.linspace(-0.6, 0.6, parameter.numel()) * (1 + index % 4) / 3
            parameter.copy_(values.view(parameter.shape).flip(0) if index % 2 else
                            values.view(parameter.shape))  # fmt: skip
    return module


def _data(torch: Any, *shape: int) -> Any:
    count = 1
    for size in shape:
        count *= size
    return (torch.arange(count * 1.0) * 0.37 % 1.3 - 0.6).view(shape)


def test_transformer_repr_warning_and_training_step() -> None:
    def program(torch: Any, emit: Any) -> None:
        nn = torch.nn
        model = nn.Transformer(d_model=4, nhead=2, num_encoder_layers=2, num_decoder_layers=1,
                               dim_feedforward=6, dropout=0.0)  # fmt: skip
        emit(model, model.d_model, model.nhead, model.batch_first)
        _fill(torch, model)
        mask = nn.Transformer.generate_square_subsequent_mask(3)
        emit(mask, nn.Transformer.generate_square_subsequent_mask(2, dtype=torch.float64))
        src, tgt = _data(torch, 5, 2, 4), _data(torch, 3, 2, 4)
        out = model(src, tgt, tgt_mask=mask)
        emit(out)
        out.pow(2).sum().backward()
        emit(model.decoder.layers[0].multihead_attn.out_proj.weight.grad)
        emit(model.encoder.layers[1].linear1.bias.grad)
        padding = torch.tensor([[False] * 5, [False] * 4 + [True]])
        emit(model(src, tgt, tgt_mask=mask, tgt_is_causal=True, src_key_padding_mask=padding))
        emit.attempt(lambda: model(_data(torch, 5, 3, 4), tgt))
        emit.attempt(lambda: model(src, _data(torch, 3, 2, 5)))

    same(program)


@pytest.mark.parametrize("norm_first", [False, True])
@pytest.mark.parametrize("activation", ["relu", "gelu", "module"])
def test_decoder_layer_and_stack(norm_first: bool, activation: str) -> None:
    def program(torch: Any, emit: Any) -> None:
        nn = torch.nn
        chosen = nn.GELU() if activation == "module" else activation
        layer = nn.TransformerDecoderLayer(4, 2, 6, dropout=0.0, batch_first=True,
                                           norm_first=norm_first, activation=chosen)  # fmt: skip
        emit(layer)
        _fill(torch, layer)
        # float64: with norm_first some gradients are float32 rounding noise.
        decoder = nn.TransformerDecoder(layer, num_layers=2, norm=nn.LayerNorm(4)).double()
        memory = _data(torch, 2, 5, 4).double()
        target = _data(torch, 2, 3, 4).double().requires_grad_()
        causal = nn.Transformer.generate_square_subsequent_mask(3, dtype=torch.float64)
        out = decoder(target, memory, tgt_mask=causal)
        emit(out)
        # Weighted: a plain sum through the final LayerNorm has a zero gradient.
        (out * _data(torch, 2, 3, 4).double()).sum().backward()
        emit(target.grad)
        padding = torch.tensor([[False] * 5, [False] * 3 + [True] * 2])
        emit(decoder(target, memory, memory_key_padding_mask=padding))
        emit(decoder.layers[0](target[0], memory[0]))

    same(program)
